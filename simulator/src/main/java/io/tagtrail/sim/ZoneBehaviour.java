package io.tagtrail.sim;

/**
 * How shoppers treat one zone (or every zone of a kind).
 *
 * @param attraction      weight of the zone as a shopping target (0: never a target, only walked through)
 * @param stopProbability chance that a shopper who targets the zone stops there; otherwise the shopper passes by
 * @param stopDwell       dwell of a stop
 * @param passDwell       dwell of a pass-by (targeted, but no stop)
 * @param transitDwell    dwell when the zone is only on the way to somewhere else
 */
public record ZoneBehaviour(double attraction, double stopProbability, DwellDistribution stopDwell,
                            DwellDistribution passDwell, DwellDistribution transitDwell) {
    public ZoneBehaviour {
        if (!(attraction >= 0) || Double.isInfinite(attraction)) {
            throw new IllegalArgumentException("attraction must be a finite number >= 0, got " + attraction);
        }
        if (!(stopProbability >= 0 && stopProbability <= 1)) {
            throw new IllegalArgumentException("stop_probability must be in [0, 1], got " + stopProbability);
        }
        if (stopDwell == null || passDwell == null || transitDwell == null) {
            throw new IllegalArgumentException("stop_dwell, pass_dwell and transit_dwell are required");
        }
    }
}
