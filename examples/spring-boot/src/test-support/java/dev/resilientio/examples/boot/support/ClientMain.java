package dev.resilientio.examples.boot.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A client process: appends entries to one list from several threads, spreading its requests over
 * several instances of the application. Arguments: {@code <base-uri>[,<base-uri>...] <list> <prefix>
 * <threads> <requests-per-thread>}. Entry {@code <prefix>-t<thread>-<n>} for each request. Prints
 * {@code sent <count>} and exits 0 when every request answered 200; otherwise prints the first
 * failure and exits 1.
 */
public final class ClientMain {

    private ClientMain() {
    }

    /**
     * Runs the client.
     *
     * @param args see the class comment
     * @throws Exception when a thread cannot be run
     */
    public static void main(String[] args) throws Exception {
        List<URI> bases = Arrays.stream(args[0].split(",")).map(URI::create).toList();
        String list = args[1];
        String prefix = args[2];
        int threads = Integer.parseInt(args[3]);
        int perThread = Integer.parseInt(args[4]);
        System.exit(send(bases, list, prefix, threads, perThread) ? 0 : 1);
    }

    /**
     * Sends the requests and waits for all of them.
     *
     * @param bases the instances, used in turn
     * @param list the list's name
     * @param prefix the entries' prefix
     * @param threads client threads
     * @param perThread requests per thread
     * @return {@code true} when every request answered 200
     * @throws Exception when a thread cannot be run
     */
    public static boolean send(List<URI> bases, String list, String prefix, int threads, int perThread)
            throws Exception {
        TallyClient client = new TallyClient();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int n = 0; n < perThread; n++) {
                        URI base = bases.get((thread + n) % bases.size());
                        String entry = prefix + "-t" + thread + "-" + n;
                        HttpResponse<String> response = client.add(base, list, entry, 0);
                        if (response.statusCode() != 200) {
                            return "POST " + entry + " to " + base + " answered " + response.statusCode() + ": "
                                    + response.body();
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> result : results) {
                String failure = result.get();
                if (failure != null) {
                    System.out.println("failed: " + failure);
                    return false;
                }
            }
            System.out.println("sent " + threads * perThread);
            return true;
        } finally {
            pool.shutdownNow();
        }
    }
}
