package dev.resilientio.examples.boot;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP side: {@code GET /lists/{name}}, {@code PUT /lists/{name}} (JSON body
 * {@code {"entries":[...]}}), {@code POST /lists/{name}/entries} (the entry as plain text), and
 * {@code GET /stats}. The header {@value FaultSwitch#HEADER}{@code : n} on a PUT or POST makes the
 * first n attempts of its save fail with a transient error, to show the retry and its WARN.
 */
@RestController
public class TallyController {

    private final TallyStore store;
    private final TallyFiles files;
    private final FaultSwitch faults;
    private final CallLedger ledger;

    /**
     * Creates the controller.
     *
     * @param store the lists' store (a Spring proxy: the application's {@link ServiceCallCounter} advises it)
     * @param files maps list names to files
     * @param faults armed from the request header
     * @param ledger the service calls counted so far
     */
    public TallyController(TallyStore store, TallyFiles files, FaultSwitch faults, CallLedger ledger) {
        this.store = store;
        this.files = files;
        this.faults = faults;
        this.ledger = ledger;
    }

    /**
     * Returns a list.
     *
     * @param name the list's name
     * @return its content
     * @throws IOException when it cannot be read
     */
    @GetMapping("/lists/{name}")
    public Tally get(@PathVariable String name) throws IOException {
        return store.load(files.file(name));
    }

    /**
     * Replaces a list.
     *
     * @param name the list's name
     * @param tally the new content
     * @param failAttempts how many save attempts to fail first (header, default 0)
     * @return the content saved
     * @throws IOException when it cannot be written
     */
    @PutMapping("/lists/{name}")
    public Tally put(@PathVariable String name, @RequestBody Tally tally,
            @RequestHeader(name = FaultSwitch.HEADER, defaultValue = "0") int failAttempts) throws IOException {
        faults.failNext(failAttempts);
        try {
            store.save(files.file(name), tally);
            return tally;
        } finally {
            faults.clear();
        }
    }

    /**
     * Appends an entry to a list; concurrent appends from any thread or process all survive.
     *
     * @param name the list's name
     * @param entry the entry, as the request's plain-text body
     * @param failAttempts how many save attempts to fail first (header, default 0)
     * @return the list's size after the append
     * @throws IOException when it cannot be updated
     */
    @PostMapping("/lists/{name}/entries")
    public Map<String, Integer> add(@PathVariable String name, @RequestBody String entry,
            @RequestHeader(name = FaultSwitch.HEADER, defaultValue = "0") int failAttempts) throws IOException {
        faults.failNext(failAttempts);
        try {
            return Map.of("size", store.add(files.file(name), entry).entries().size());
        } finally {
            faults.clear();
        }
    }

    /**
     * Reports the service calls that the application's aspect counted, and how the store is advised.
     *
     * @return {@code calls} by method, {@code counterInjected}, {@code storeIsSpringProxy}, {@code pid}
     */
    @GetMapping("/stats")
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("calls", ledger.snapshot());
        stats.put("counterInjected", ledger.recordedByInjectedCounter());
        stats.put("storeIsSpringProxy", AopUtils.isAopProxy(store));
        stats.put("pid", ProcessHandle.current().pid());
        return stats;
    }

    /**
     * Answers a bad list name or header with 400 and the reason.
     *
     * @param e the rejection
     * @return the reason, as plain text
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<String> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(e.getMessage());
    }
}
