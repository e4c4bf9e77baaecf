package vmsh.memsched;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * VMs (by their order number) waiting to give up memory, lowest shares-per-page price ρ first
 * and, among equal prices, lowest number first. VMs of one price share a bucket, so equal VMs
 * (clones) cost one map entry between them and a round of them each giving up a page can
 * move as one array.
 */
final class PriceQueue {
    private final TreeMap<Double, Bucket> buckets = new TreeMap<>();
    /** The bucket of the lowest price, or null when empty. */
    private Bucket front;
    private double frontPrice;

    boolean isEmpty() { return front == null; }

    /** The bucket of the lowest price (not empty); null when the queue is. */
    Bucket front() { return front; }

    double frontPrice() { return frontPrice; }

    void add(int vm, double rho) { bucket(rho).add(vm); }

    /** Adds the VMs {@code vms[from..to)}, in ascending order, at price {@code rho}. */
    void addAll(int[] vms, int from, int to, double rho) {
        if (from < to) bucket(rho).addAll(vms, from, to);
    }

    private Bucket bucket(double rho) {
        double price = rho + 0.0;   // -0.0 and 0.0 are one price, as '<' sees them
        if (front != null && price == frontPrice) return front;
        Bucket b = buckets.computeIfAbsent(price, p -> new Bucket());
        if (front == null || price < frontPrice) { front = b; frontPrice = price; }
        return b;
    }

    /** Removes and returns the first VM. */
    int poll() {
        int vm = front.poll();
        if (front.isEmpty()) dropFront();
        return vm;
    }

    /** Removes the first {@code count} VMs of the front bucket, which holds more. */
    void skip(int count) { front.head += count; }

    /** The first VM, or -1 when none waits. */
    int peek() { return front == null ? -1 : front.first(); }

    private void dropFront() {
        buckets.remove(frontPrice);
        Map.Entry<Double, Bucket> first = buckets.firstEntry();
        front = first == null ? null : first.getValue();
        frontPrice = first == null ? 0 : first.getKey();
    }

    /** VM numbers of one price, smallest first once asked for. */
    static final class Bucket {
        private int[] vms = new int[4];
        private int head, size;
        private boolean sorted = true;

        int size() { return size - head; }

        /** The VMs, smallest first: {@code vms()[head() .. head() + size())}. */
        int[] vms() { first(); return vms; }

        int head() { return head; }

        void add(int vm) {
            if (head > 0 && head < size && sorted && vm < vms[head]) { vms[--head] = vm; return; }   // a VM back in front
            room(1);
            if (size > head && vms[size - 1] > vm) sorted = false;
            vms[size++] = vm;
        }

        void addAll(int[] src, int from, int to) {
            int n = to - from;
            if (head == size || sorted && vms[size - 1] < src[from]) {
                room(n);
                System.arraycopy(src, from, vms, size, n);
                size += n;
                return;
            }
            first();
            int[] merged = new int[size - head + n];
            int a = head, b = from, out = 0;
            while (a < size && b < to) merged[out++] = vms[a] < src[b] ? vms[a++] : src[b++];
            while (a < size) merged[out++] = vms[a++];
            while (b < to) merged[out++] = src[b++];
            vms = merged;
            head = 0;
            size = out;
        }

        private void room(int n) {
            if (size + n <= vms.length) return;
            int live = size - head;
            int[] grown = live + n <= vms.length / 2 ? vms : new int[Math.max(2 * vms.length, live + n)];
            System.arraycopy(vms, head, grown, 0, live);
            vms = grown;
            size = live;
            head = 0;
        }

        boolean isEmpty() { return head == size; }

        int first() {
            if (!sorted) { Arrays.sort(vms, head, size); sorted = true; }
            return vms[head];
        }

        int poll() {
            int vm = first();
            head++;
            return vm;
        }
    }
}
