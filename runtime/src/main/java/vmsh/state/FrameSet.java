package vmsh.state;

import java.util.Arrays;

/**
 * The frames of a RAM at one moment: which 4 KiB frames were allocated and their words.
 * The word arrays are shared with the RAM they came from (copy-on-write: that RAM copies
 * a frame before its next store to it), so a frame set costs an index and a reference per
 * touched frame, never a copy. Its arrays are never written again.
 */
public final class FrameSet {
    public static final int WORDS = 1024;

    private final int slots;
    private final int[] numbers;
    private final int[][] frames;

    /**
     * @param slots   frames the RAM has room for (its size / 4 KiB)
     * @param numbers the allocated frames' numbers, ascending
     * @param frames  their words, {@value #WORDS} each, by the same index
     */
    public FrameSet(int slots, int[] numbers, int[][] frames) {
        if (numbers.length != frames.length) throw new IllegalArgumentException("frame numbers and frames differ in count");
        for (int i = 0; i < numbers.length; i++) {
            if (numbers[i] < 0 || numbers[i] >= slots || i > 0 && numbers[i] <= numbers[i - 1])
                throw new StateException("frame number " + numbers[i] + " out of order or outside 0.." + (slots - 1));
            if (frames[i] == null || frames[i].length != WORDS) throw new StateException("frame " + numbers[i] + " is not 4 KiB");
        }
        this.slots = slots;
        this.numbers = numbers;
        this.frames = frames;
    }

    /** Frames the RAM has room for. */
    public int slots() { return slots; }

    /** Allocated frames held. */
    public int count() { return numbers.length; }

    /** The number of the {@code i}th frame held (ascending). */
    public int number(int i) { return numbers[i]; }

    /** The words of the {@code i}th frame held: read them, never write them. */
    public int[] frame(int i) { return frames[i]; }

    /** The words of frame {@code number}, or null when it is not held. */
    public int[] frameOrNull(int number) {
        int i = java.util.Arrays.binarySearch(numbers, number);
        return i >= 0 ? frames[i] : null;
    }

    /** Bytes of frame contents held (shared or not). */
    public long bytes() { return (long) numbers.length * WORDS * 4; }

    /** True when both hold the same frame numbers with the same contents. */
    public boolean sameContents(FrameSet o) {
        if (slots != o.slots || !Arrays.equals(numbers, o.numbers)) return false;
        for (int i = 0; i < frames.length; i++)
            if (frames[i] != o.frames[i] && !Arrays.equals(frames[i], o.frames[i])) return false;
        return true;
    }
}
