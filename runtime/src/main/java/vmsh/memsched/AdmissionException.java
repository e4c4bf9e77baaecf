package vmsh.memsched;

/** A VM cannot be admitted: its guaranteed memory does not fit on the host. */
public final class AdmissionException extends IllegalArgumentException {
    public AdmissionException(String message) { super(message); }
}
