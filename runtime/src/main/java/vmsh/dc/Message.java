package vmsh.dc;

/**
 * What one VMM's agent sends another over the network (pages, a VM's state, a log entry,
 * an acknowledgement): the receiving side's handling, run when the packet arrives. A
 * message to a host that failed, or across a partition, never arrives.
 */
@FunctionalInterface
interface Message {
    void deliver(long now);
}
