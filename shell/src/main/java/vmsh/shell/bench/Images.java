package vmsh.shell.bench;

import java.util.ArrayList;
import java.util.List;
import vmsh.image.Image;
import vmsh.image.Segment;

/** Small edits of program images before they run (images themselves are immutable). */
final class Images {
    private Images() {}

    /** A copy of {@code image} with the little-endian word at {@code address} set to {@code value}. */
    static Image withWord(Image image, int address, int value) {
        List<Segment> segments = new ArrayList<>();
        boolean found = false;
        for (Segment s : image.segments()) {
            long offset = (address & 0xffff_ffffL) - (s.address() & 0xffff_ffffL);
            if (offset >= 0 && offset + 4 <= s.data().length) {
                byte[] data = s.data().clone();
                for (int i = 0; i < 4; i++) data[(int) offset + i] = (byte) (value >>> (8 * i));
                s = new Segment(s.name(), s.address(), data, s.memSize(), s.flags());
                found = true;
            }
            segments.add(s);
        }
        if (!found) throw new IllegalArgumentException(String.format("no initialized data at 0x%08x to patch", address));
        return new Image(segments, image.symbols(), image.entry());
    }
}
