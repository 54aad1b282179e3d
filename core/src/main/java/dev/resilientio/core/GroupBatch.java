package dev.resilientio.core;

import dev.resilientio.core.GroupCommit.Queue;
import dev.resilientio.core.GroupCommit.State;
import dev.resilientio.core.atomic.AtomicWriteSession;
import dev.resilientio.core.pipeline.Call;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** One batch of a {@link GroupCommit}: its leader, the members it took, and its call through the pipeline. */
final class GroupBatch {
    private final Queue queue;
    private final GroupMember<?> leader;
    private final List<GroupMember<?>> members = new ArrayList<>();

    GroupBatch(Queue queue, GroupMember<?> leader) {
        this.queue = queue;
        this.leader = leader;
        members.add(leader);
    }

    /** Runs the batch's call on the leader's thread, then tells every member its outcome and hands over. */
    void run() {
        Call call = new Call(leader.pipeline, leader.file, leader.file) {
            @Override
            protected Object body() throws IOException {
                return applyAll(this);
            }

            @Override
            protected boolean publishesOutcome() {
                return false;
            }
        };
        Throwable failure = null;
        long start = System.nanoTime();
        try {
            call.run();
        } catch (Throwable failed) {
            failure = failed;
        }
        settle(failure, call.attempts(), System.nanoTime() - start);
    }

    /** One attempt: every member's change in order on one read, one write of the result. */
    private Object applyAll(Call call) throws IOException {
        byte[] content = leader.lead(call);
        long bytes = content.length;
        for (int i = 1; ; i++) {
            GroupMember<?> member = member(i, bytes);
            if (member == null) {
                break;
            }
            byte[] next = member.follow(call, content);
            if (next != null) {
                content = next;
                bytes += next.length;
            }
        }
        AtomicWriteSession session = call.session();
        if (leader.recovered && session != null) {
            // The corrupt file must not be rotated into the backups, pushing a good one out.
            session.skipBackups();
        }
        FileOperation.writeWhole(call, content);
        return null;
    }

    /** The i-th member: one taken already, or the next waiting one while the batch has room; else null. */
    private GroupMember<?> member(int i, long bytes) {
        if (i < members.size()) {
            return members.get(i);
        }
        if (i >= GroupCommit.MAX_CHANGES || bytes >= GroupCommit.MAX_BYTES) {
            return null;
        }
        if (i == 1) {
            queue.gather();
        }
        queue.lock.lock();
        try {
            GroupMember<?> next = queue.waiting.poll();
            if (next != null) {
                next.state = State.TAKEN;
                members.add(next);
            }
            return next;
        } finally {
            queue.lock.unlock();
        }
    }

    /**
     * Gives each member its outcome, wakes them, and makes the next waiting member lead. When the
     * batch's call failed, nothing was written: the leader gets the failure, and each member whose
     * own change did not fail runs its update alone.
     */
    private void settle(Throwable failure, int attempts, long nanos) {
        queue.lock.lock();
        try {
            for (GroupMember<?> member : members) {
                if (failure == null) {
                    member.state = member.outcome;
                } else if (member == leader) {
                    member.failure = failure;
                    member.attempts = attempts;
                    member.state = State.FAILED;
                } else {
                    member.state = member.outcome == State.FAILED ? State.FAILED : State.ALONE;
                }
            }
            queue.ended(members, nanos);
        } finally {
            queue.lock.unlock();
        }
    }
}
