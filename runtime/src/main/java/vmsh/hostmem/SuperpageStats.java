package vmsh.hostmem;

/**
 * One VM's superpages at a glance (see {@link Superpages}).
 *
 * @param promoted           regions (4 MiB) promoted now: mappable with one megapage
 * @param reserved           regions holding a reservation now
 * @param reservations       reservations made so far
 * @param promotions         promotions so far
 * @param demotions          demotions so far (a page left a promoted region)
 * @param reservationsBroken reservations broken so far to lend their unused frames elsewhere
 */
public record SuperpageStats(int promoted, int reserved, long reservations, long promotions, long demotions,
                             long reservationsBroken) {
    public static final SuperpageStats NONE = new SuperpageStats(0, 0, 0, 0, 0, 0);
}
