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

    /** Checked already. */
    private FrameSet(int[] numbers, int[][] frames, int slots) {
        this.slots = slots;
        this.numbers = numbers;
        this.frames = frames;
    }

    /**
     * This set with frames {@code changed} (ascending) holding {@code words} instead, or
     * added where this set has none; only those are checked, and the rest are this set's own
     * arrays (its numbers too when no frame is added), so a next set costs what changed.
     */
    public FrameSet with(int[] changed, int[][] words) {
        if (changed.length != words.length) throw new IllegalArgumentException("frame numbers and frames differ in count");
        if (changed.length == 0) return this;
        int added = 0;
        for (int i = 0; i < changed.length; i++) {
            int n = changed[i];
            if (n < 0 || n >= slots || i > 0 && n <= changed[i - 1])
                throw new StateException("frame number " + n + " out of order or outside 0.." + (slots - 1));
            if (words[i] == null || words[i].length != WORDS) throw new StateException("frame " + n + " is not 4 KiB");
            if (Arrays.binarySearch(numbers, n) < 0) added++;
        }
        if (added == 0) {   // the same frames: this set's arrays but those replaced
            int[][] held = frames.clone();
            for (int j = 0; j < changed.length; j++) held[Arrays.binarySearch(numbers, changed[j])] = words[j];
            return new FrameSet(numbers, held, slots);
        }
        int[] nums = new int[numbers.length + added];
        int[][] held = new int[numbers.length + added][];
        int i = 0, j = 0, k = 0;
        while (i < numbers.length || j < changed.length) {
            boolean mine = j == changed.length || i < numbers.length && numbers[i] <= changed[j];
            boolean theirs = !mine || i < numbers.length && j < changed.length && numbers[i] == changed[j];
            nums[k] = mine ? numbers[i] : changed[j];
            held[k++] = theirs ? words[j++] : frames[i];
            if (mine) i++;
        }
        return new FrameSet(nums, held, slots);
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
