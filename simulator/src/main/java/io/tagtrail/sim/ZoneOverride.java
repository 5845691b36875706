package io.tagtrail.sim;

/**
 * A zone's own behaviour where it differs from its kind's (for example one counter that attracts more shoppers
 * and holds them longer). Null fields keep the kind's value.
 */
public record ZoneOverride(Double attraction, Double stopProbability, DwellDistribution stopDwell,
                           DwellDistribution passDwell, DwellDistribution transitDwell) {
    public ZoneBehaviour applyTo(ZoneBehaviour kind) {
        return new ZoneBehaviour(attraction != null ? attraction : kind.attraction(),
                stopProbability != null ? stopProbability : kind.stopProbability(),
                stopDwell != null ? stopDwell : kind.stopDwell(),
                passDwell != null ? passDwell : kind.passDwell(),
                transitDwell != null ? transitDwell : kind.transitDwell());
    }
}
