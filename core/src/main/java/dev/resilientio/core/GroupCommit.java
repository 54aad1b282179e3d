package dev.resilientio.core;

import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.pipeline.Pipeline;
import dev.resilientio.core.retry.FileRetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Group commit of {@link FileOperation#update}: while one thread of this JVM writes a file, the
 * updates other threads ask for on it through the same pipeline (operation and configuration
 * snapshot) queue; the next thread to write leads them as one batch: in one call through the
 * pipeline (retry, circuit breaker, lock, atomic write) it reads the file once, applies its own
 * change, then the queued ones in queue order, and makes the result durable with one write, one
 * temp fsync, one rename and one directory fsync. Each caller returns, or throws, only once the
 * batch that holds its change has ended, with its own result: the value after its own change, as if
 * the updates had run one after another. An update nobody else asks for at the time is a batch of one,
 * which is the update alone.
 *
 * <p>The leader's own change runs first in each attempt, exactly as alone: what its parser, change or
 * serializer throws fails the attempt, to be retried, counted by a breaker and finally thrown as
 * without group commit; the changes are taken from the queue only after it. Every other change is
 * applied with its caller's own parser, change and serializer, on the bytes the previous serializer
 * returned: callers may read the file as different types, and no change is handed a value another
 * caller got (a change that mutates its argument would otherwise change another's result). What
 * fails in such a caller's part fails that caller only, and the content passes on unchanged:
 * <ul>
 * <li>a change or serializer that throws what the operation's retry would not retry: the caller
 * gets that exception;
 * <li>one that throws what the retry would retry, or a parser that rejects the content an earlier
 * change of the batch wrote: the caller runs its update again alone after the batch, as its own
 * call, as its own next attempt would have.
 * </ul>
 * When the batch's call finally fails (the lock, the read, the leader's change or the commit, after
 * the retries), nothing was written: the leader gets the failure, and every other caller of the batch
 * runs its update alone, with its own attempts and its own exception (an exception object is mutable
 * and belongs to one thread), and in parallel rather than batch after batch, so that a lock held
 * elsewhere keeps each waiting about as long as without group commit.
 *
 * <p>No thread waits for another where it might hold what that one needs: a thread inside a
 * retrying operation or a call with a deadline, or holding an engine lock, updates alone, as does
 * every update of an operation that keeps failed content (a recovery file holds one call's content).
 * A batch takes at most {@value #MAX_CHANGES} changes, and takes no more once its changes have
 * serialised {@value #MAX_BYTES} bytes in all. A caller whose change is still waiting to be taken
 * after the operation's lock timeout (or its maximum duration, if shorter) stops waiting and updates
 * alone, where the lock's own timeout applies. Interrupted while waiting, a caller whose change was
 * not taken yet withdraws it and throws {@link InterruptedIOException}; one whose change was taken
 * waits for its batch to end, then keeps its interrupt flag set.
 */
final class GroupCommit {

    /** The most changes in one batch. */
    static final int MAX_CHANGES = 64;
    /** A batch takes no more changes once its changes have serialised this many bytes in all. */
    static final int MAX_BYTES = 1 << 20;
    /**
     * The longest a leader waits for the members of the batch before its own to queue again: 2 ms. A
     * test raises it to see the wait with threads that take their time.
     */
    static volatile long maxGatherNanos = 2_000_000;

    private static final ConcurrentHashMap<Key, Queue> QUEUES = new ConcurrentHashMap<>();
    /**
     * The latest batch of each queue retired just after a batch of several members (all of them gone
     * back to their callers, none waiting), so that the key's next queue waits for them as that one
     * would have; used only within {@link #maxGatherNanos} of the retirement, and only the latest 64.
     */
    private static final Map<Key, LastBatch> RETIRED = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, LastBatch> eldest) {
            return size() > 64;
        }
    });

    private GroupCommit() {
    }

    /** The arguments of {@link FileOperation#update} after its checks. */
    static <T> T update(Pipeline pipeline, String name, Path file, IoFunction<InputStream, T> parser, T initial,
            UnaryOperator<T> change, IoFunction<? super T, byte[]> serializer) throws IOException {
        GroupMember<T> mine = new GroupMember<>(pipeline, name, file, parser, initial, change, serializer);
        if (!mayWait(mine)) {
            return FileOperation.run(mine.alone);
        }
        Key key = new Key(pipeline, file.toAbsolutePath().normalize());
        Queue queue = join(key, mine);
        queue.await(mine);
        if (mine.state == State.LEAD) {
            new GroupBatch(queue, mine).run();
        }
        return mine.end();
    }

    /** Whether the calling thread may wait for other threads' updates; otherwise it updates alone. */
    private static boolean mayWait(GroupMember<?> member) {
        // The alone call's deadline is the enclosing call's, if any, until its own pipeline runs.
        return !FileRetry.isRetrying() && member.alone.deadlineNanos() == Long.MAX_VALUE
                && !member.pipeline.settings().atomic().keepFailed() && !FileLocks.heldByCurrentThread();
    }

    /** Queues a member, or makes it the leader when no batch of its key is running. */
    private static Queue join(Key key, GroupMember<?> member) {
        while (true) {
            Queue queue = QUEUES.computeIfAbsent(key, Queue::new);
            queue.lock.lock();
            try {
                if (queue.retired) {
                    continue;
                }
                if (queue.running) {
                    member.state = State.QUEUED;
                    // Its own condition: the end of a batch wakes the members it concerns, not every waiting one.
                    member.changed = queue.lock.newCondition();
                    queue.waiting.add(member);
                    if (queue.gathering) {
                        queue.arrived.signal();
                    }
                } else {
                    queue.running = true;
                    member.state = State.LEAD;
                }
                return queue;
            } finally {
                queue.lock.unlock();
            }
        }
    }

    /** What batches together: the same pipeline object and the same file, absolute and normalised. */
    private record Key(Pipeline pipeline, Path file) {
    }

    /** A retired queue's latest batch: its members, its call's length, and when the queue retired. */
    private record LastBatch(int members, long nanos, long retiredAt) {
    }

    /** Where a member stands; changed only under its queue's lock. */
    enum State {
        /** Waiting to be taken into a batch. */
        QUEUED,
        /** Leads the next batch. */
        LEAD,
        /** Taken into the running batch. */
        TAKEN,
        /** Its change is committed. */
        DONE,
        /** It fails with its own failure. */
        FAILED,
        /** It runs its update alone, as its own call. */
        ALONE
    }

    /** The members of one key waiting for a batch, and whether one runs. */
    static final class Queue {
        final Key key;
        // A lock rather than a monitor: a virtual thread waiting in a monitor pins its carrier on JDK 21 to 23.
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<GroupMember<?>> waiting = new ArrayDeque<>();
        /** Signalled when a member is queued while a leader gathers. */
        final Condition arrived = lock.newCondition();
        boolean running;
        /** A leader waits for the members of the batch before its own to queue again. */
        boolean gathering;
        /** Members of the latest batch woken and not yet out of {@link #await}. */
        int leaving;
        /** How many members the latest batch had, its leader included, and how long its call took. */
        int lastBatch;
        long lastBatchNanos;
        /** Removed from the map: a member that finds it so joins a new one. */
        boolean retired;

        Queue(Key key) {
            this.key = key;
            LastBatch last = RETIRED.remove(key);
            if (last != null && System.nanoTime() - last.retiredAt <= maxGatherNanos) {
                lastBatch = last.members;
                lastBatchNanos = last.nanos;
            }
        }

        /** Waits until the member leads, or its batch has ended, or it must update alone. */
        void await(GroupMember<?> member) throws InterruptedIOException {
            boolean interrupted = false;
            lock.lock();
            try {
                long left = member.patienceNanos();
                while (member.state == State.QUEUED) {
                    if (left <= 0) {
                        waiting.remove(member);
                        member.state = State.ALONE;
                        break;
                    }
                    try {
                        left = member.changed.awaitNanos(left);
                    } catch (InterruptedException e) {
                        if (member.state == State.QUEUED) {
                            waiting.remove(member);
                            Thread.currentThread().interrupt();
                            throw member.interrupted(e);
                        }
                        interrupted = true;
                    }
                }
                while (member.state == State.TAKEN) {
                    // Its change may be applied and committed now: it must learn the outcome, whatever happens.
                    member.changed.awaitUninterruptibly();
                }
                if (member.state == State.LEAD) {
                    // A leader is not woken at the end of its own batch: it ends it.
                    member.changed = null;
                }
                if (member.leaving) {
                    member.leaving = false;
                    leaving--;
                    retireIfIdle();
                }
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Ends a batch: wakes its members, then makes the next waiting member lead. Under the lock. */
        void ended(List<GroupMember<?>> members, long nanos) {
            lastBatch = members.size();
            lastBatchNanos = nanos;
            for (GroupMember<?> member : members) {
                if (member.changed != null) {
                    member.leaving = true;
                    leaving++;
                    member.changed.signal();
                }
            }
            GroupMember<?> next = waiting.poll();
            if (next != null) {
                next.state = State.LEAD;
                // Signalled after the members just served: each passes this lock on its way out, so those
                // that update again are queued by the time the next leader takes changes.
                next.changed.signal();
            } else {
                running = false;
                retireIfIdle();
            }
        }

        /**
         * Before a leader takes the queued changes, waits for the members of the batch before its own to
         * queue again, for at most a quarter of that batch's call and {@link GroupCommit#maxGatherNanos}:
         * other threads that keep updating the file then join this batch instead of waiting out its commit
         * for the next one (without the wait, threads fall into two groups that take turns: 8 threads made
         * 5.7 updates per commit, 7.9 with it). Only after a batch of more than one member: an update
         * nobody else asks for never waits. The same idea as PostgreSQL's {@code commit_delay} while
         * other transactions are active; the wait ends as soon as they are queued.
         */
        void gather() {
            lock.lock();
            try {
                if (lastBatch <= 1) {
                    return;
                }
                // The leader may be one of them: that one is not waited for.
                int expected = Math.min(MAX_CHANGES - 1, waiting.size() + lastBatch - 1);
                long left = Math.min(maxGatherNanos, lastBatchNanos / 4);
                gathering = true;
                try {
                    while (waiting.size() < expected && left > 0) {
                        left = arrived.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    // The batch goes on with what is queued; the flag stays for the leader's caller.
                    Thread.currentThread().interrupt();
                } finally {
                    gathering = false;
                }
            } finally {
                lock.unlock();
            }
        }

        private void retireIfIdle() {
            if (!running && waiting.isEmpty() && leaving == 0) {
                retired = true;
                QUEUES.remove(key, this);
                if (lastBatch > 1) {
                    RETIRED.put(key, new LastBatch(lastBatch, lastBatchNanos, System.nanoTime()));
                }
            }
        }
    }
}
