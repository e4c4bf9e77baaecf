package vmsh.memsched;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import vmsh.state.SeededRandom;

/**
 * Every reclamation policy and victim chooser, by the name hv.configure({reclaim: {policy,
 * victims}}) takes, with a line of help, the default first. A new one is a class in this
 * package and a row here; the knob table, help and the README pick the row up.
 */
final class Reclaimers {
    private Reclaimers() {}

    enum Policy {
        BALLOON_THEN_SWAP("balloon-then-swap", "ESX: balloon VMs above target from the soft state, swap from the hard"
                + " state (and VMs that cannot be ballooned), stall them in the low state", BalloonThenSwap::new);

        final Knob.Choice choice;
        final Supplier<ReclaimPolicy> create;

        Policy(String name, String help, Supplier<ReclaimPolicy> create) {
            this.choice = new Knob.Choice(name, help);
            this.create = create;
        }
    }

    enum Victims {
        RANDOM("random", "ESX: the VMs furthest above target first, random pages of theirs", RandomVictims::new),
        IDLE("idle", "the VMs furthest above target first, pages the activity sampler found idle first",
                IdleVictims::new);

        final Knob.Choice choice;
        final Function<SeededRandom, VictimChooser> create;

        Victims(String name, String help, Function<SeededRandom, VictimChooser> create) {
            this.choice = new Knob.Choice(name, help);
            this.create = create;
        }
    }

    static final List<Knob.Choice> POLICIES = Arrays.stream(Policy.values()).map(p -> p.choice).toList();
    static final List<Knob.Choice> VICTIMS = Arrays.stream(Victims.values()).map(v -> v.choice).toList();

    static ReclaimPolicy policy(MemSchedConfig c) { return Policy.values()[(int) c.get(Knob.RECLAIM_POLICY)].create.get(); }

    static VictimChooser victims(MemSchedConfig c, SeededRandom random) {
        return Victims.values()[(int) c.get(Knob.RECLAIM_VICTIMS)].create.apply(random);
    }
}
