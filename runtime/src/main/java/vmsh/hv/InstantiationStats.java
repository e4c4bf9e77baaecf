package vmsh.hv;

/**
 * What creating VMs by one method over one control plane has cost so far (see
 * {@link Instantiation}): the VMs made, the simulated cycles of host time their creation
 * took (the control plane's among them) and the host memory they held once made.
 *
 * @param vms                VMs created this way
 * @param cycles             host time their creation took, in cycles: the hypervisor's work, the control plane's and, for a boot, the guest's run
 * @param controlPlaneCycles the control plane's part of it
 * @param bytes              host memory the new VMs held when made: frames of their own (and of the VMM's tables), page-map entries, saved vCPU and device state
 * @param lastCycles         the cycles of the last VM created this way
 */
public record InstantiationStats(SpawnMethod method, ControlPlane controlPlane, long vms, long cycles, long controlPlaneCycles,
                                 long bytes, long lastCycles) {
    public double cyclesPerVm() { return vms == 0 ? 0 : (double) cycles / vms; }

    public double controlPlaneCyclesPerVm() { return vms == 0 ? 0 : (double) controlPlaneCycles / vms; }

    public double bytesPerVm() { return vms == 0 ? 0 : (double) bytes / vms; }
}
