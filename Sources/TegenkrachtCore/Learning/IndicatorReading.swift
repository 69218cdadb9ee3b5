import Foundation

/// A figure Tegenkracht computes that an indicator may be bound to (the catalogue is built by the
/// use-case layer from what exists: the registry's KPIs, the monitor's scales, onboarding).
public struct FigureDefinition: Hashable, Sendable {
    public enum Unit: String, Sendable {
        /// A share of a base, in per cent.
        case percent
        /// A mean on a scale (the monitor's 1-10 grades).
        case mean
    }

    public var id: String
    public var unit: Unit
    public var higherIsBetter: Bool
    /// The figure's name: a localisation key, with an argument for figures of a kind (a scale's name).
    public var nameKey: String
    public var nameArgument: String?

    public init(id: String, unit: Unit, higherIsBetter: Bool, nameKey: String, nameArgument: String? = nil) {
        self.id = id
        self.unit = unit
        self.higherIsBetter = higherIsBetter
        self.nameKey = nameKey
        self.nameArgument = nameArgument
    }
}

/// One value of an indicator: a registry year, a monitor wave, a manual reading.
public struct IndicatorPoint: Hashable, Sendable {
    public var period: String
    /// Where the period starts, to order the points.
    public var starts: LocalDate
    /// The first day after the period (a registry year ends on 1 January of the next); a wave or a
    /// reading is a moment, ending where it starts. A period that has not ended is not complete.
    public var ends: LocalDate
    /// Nil when the group is too small to show (suppressed, as everywhere).
    public var value: Double?

    public init(period: String, starts: LocalDate, ends: LocalDate? = nil, value: Double?) {
        self.period = period
        self.starts = starts
        self.ends = ends ?? starts
        self.value = value
    }
}

/// What an indicator reads as now.
public enum IndicatorReading: Hashable, Sendable {
    /// Bound to a figure that no longer exists: shown as broken, never as zero.
    case broken(figure: String)
    case series(points: [IndicatorPoint], higherIsBetter: Bool)

    public var isBroken: Bool {
        if case .broken = self { return true }
        return false
    }
}

/// The baseline and the trend of an indicator, relative to when the intervention started.
public struct IndicatorTrend: Hashable, Sendable {
    public enum Direction: String, Sendable {
        case better, worse, same, unknown
    }

    public var baseline: IndicatorPoint?
    public var latest: IndicatorPoint?
    public var change: Double?
    public var direction: Direction

    /// The baseline is the last shown value of a period that had ended by the start (how things stood
    /// before anything was done); without one, the first shown value. The latest is the last shown
    /// value of a period that has ended by `today`, after the baseline: a year still running (its
    /// feedback for the last three months not yet due) says nothing yet. Suppressed points are
    /// neither: a hidden value is not a value.
    public static func of(_ points: [IndicatorPoint], starts: LocalDate, today: LocalDate, higherIsBetter: Bool) -> IndicatorTrend {
        let shown = points.filter { $0.value != nil }.sorted { $0.starts < $1.starts }
        guard let baseline = shown.last(where: { $0.ends <= starts }) ?? shown.first else {
            return IndicatorTrend(baseline: nil, latest: nil, change: nil, direction: .unknown)
        }
        guard let latest = shown.last(where: { $0.starts > baseline.starts && $0.ends <= today }),
              let from = baseline.value, let to = latest.value else {
            return IndicatorTrend(baseline: baseline, latest: nil, change: nil, direction: .unknown)
        }
        let change = to - from
        let direction: Direction = abs(change) < 0.05 ? .same : ((change > 0) == higherIsBetter ? .better : .worse)
        return IndicatorTrend(baseline: baseline, latest: latest, change: change, direction: direction)
    }
}
