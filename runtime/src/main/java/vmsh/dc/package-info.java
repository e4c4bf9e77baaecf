/**
 * A data center in one process: hypervisor hosts ({@link vmsh.dc.Host}, each a
 * {@link vmsh.hv.Hypervisor}) on a simulated network ({@link vmsh.dc.Network}), VMs with
 * paravirtual network cards ({@link vmsh.dev.Nic}) on it, client machines that send
 * requests and check the replies ({@link vmsh.dc.Client}), host failures, live
 * migration ({@link vmsh.dc.Migration}: pre-copy, stop-and-copy, post-copy with
 * {@link vmsh.dc.PostCopy}) and primary/backup replication
 * ({@link vmsh.dc.Replication}). One cluster clock and one event queue on
 * simulated time; every random choice from the cluster's seed. The cluster's past is
 * kept whole by {@link vmsh.dc.ClusterHistory} in {@link vmsh.dc.ClusterCheckpoint}s (every host's snapshot, every dc object
 * set back in place by a {@link vmsh.dc.Memento}); a run of it is recorded from before its
 * first run by a {@link vmsh.dc.ClusterRecorder} as data ({@link vmsh.dc.ClusterInput}) and
 * played again on a new cluster by {@link vmsh.dc.ClusterReplay}. It sits above the hypervisor and time
 * travel and may import them and what they import; nothing below imports it.
 */
package vmsh.dc;
