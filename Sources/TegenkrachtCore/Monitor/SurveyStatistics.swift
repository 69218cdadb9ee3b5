import Foundation

/// The analysis of 003b §4.4: means and SDs (sample SD, as SPSS), Student's t-test for two groups and
/// one-way ANOVA for more, with p-values from the t and F distributions; a difference counts at
/// p < .1 as the report does. Pure functions, checked against scipy in the tests.
public enum SurveyStatistics {
    public struct Summary: Hashable, Sendable, Codable {
        public let n: Int
        public let mean: Double
        public let sd: Double
    }

    public static func summary(_ values: [Double]) -> Summary? {
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return Summary(n: 1, mean: mean, sd: 0) }
        let squares: Double = values.reduce(0.0) { (sum: Double, value: Double) in sum + (value - mean) * (value - mean) }
        let variance = squares / Double(values.count - 1)
        return Summary(n: values.count, mean: mean, sd: variance.squareRoot())
    }

    public struct TestResult: Hashable, Sendable, Codable {
        /// t for two groups, F for more.
        public let statistic: Double
        public let df1: Double
        public let df2: Double
        public let p: Double
        public var significant: Bool { p < 0.1 }
    }

    /// The summary of a histogram (value → how many), as `summary` of the values it counts.
    public static func summary(histogram: [(value: Double, count: Int)]) -> Summary? {
        let n = histogram.reduce(0) { $0 + $1.count }
        guard n > 0 else { return nil }
        let mean = histogram.reduce(0.0) { $0 + $1.value * Double($1.count) } / Double(n)
        guard n > 1 else { return Summary(n: 1, mean: mean, sd: 0) }
        let squares = histogram.reduce(0.0) { (sum: Double, bin: (value: Double, count: Int)) in
            sum + Double(bin.count) * (bin.value - mean) * (bin.value - mean)
        }
        return Summary(n: n, mean: mean, sd: (squares / Double(n - 1)).squareRoot())
    }

    /// Student's t-test with pooled variance (scipy.stats.ttest_ind, SPSS's "equal variances" row).
    public static func tTest(_ a: [Double], _ b: [Double]) -> TestResult? {
        guard let sa = summary(a), let sb = summary(b) else { return nil }
        return tTest(sa, sb)
    }

    /// The same from the two groups' summaries: n, mean and SD are all the test needs.
    public static func tTest(_ sa: Summary, _ sb: Summary) -> TestResult? {
        guard sa.n > 1, sb.n > 1 else { return nil }
        let df = Double(sa.n + sb.n - 2)
        let sumA: Double = Double(sa.n - 1) * sa.sd * sa.sd
        let sumB: Double = Double(sb.n - 1) * sb.sd * sb.sd
        let pooled: Double = (sumA + sumB) / df
        let inverse: Double = 1 / Double(sa.n) + 1 / Double(sb.n)
        let se = (pooled * inverse).squareRoot()
        guard se > 0 else { return nil }
        let t = (sa.mean - sb.mean) / se
        let x: Double = df / (df + t * t)
        let p = regularizedBeta(x, df / 2, 0.5)
        return TestResult(statistic: t, df1: df, df2: df, p: min(1, max(0, p)))
    }

    /// One-way ANOVA (scipy.stats.f_oneway).
    public static func anova(_ groups: [[Double]]) -> TestResult? {
        anova(summaries: groups.compactMap(summary))
    }

    /// The same from the groups' summaries: the sums of squares are n·(mean − grand)² between and
    /// (n − 1)·SD² within.
    public static func anova(summaries: [Summary]) -> TestResult? {
        let groups = summaries.filter { $0.n > 0 }
        let n = groups.reduce(0) { $0 + $1.n }
        guard groups.count >= 2, n > groups.count else { return nil }
        let grand = groups.reduce(0.0) { $0 + $1.mean * Double($1.n) } / Double(n)
        var between = 0.0, within = 0.0
        for group in groups {
            let difference: Double = group.mean - grand
            between += Double(group.n) * difference * difference
            within += Double(group.n - 1) * group.sd * group.sd
        }
        let df1 = Double(groups.count - 1), df2 = Double(n - groups.count)
        guard within > 0 else { return nil }
        let f = (between / df1) / (within / df2)
        let x: Double = df2 / (df2 + df1 * f)
        let p = regularizedBeta(x, df2 / 2, df1 / 2)
        return TestResult(statistic: f, df1: df1, df2: df2, p: min(1, max(0, p)))
    }

    /// I_x(a, b), the regularised incomplete beta function, by Lentz's continued fraction (Numerical
    /// Recipes §6.4), accurate to about 1e-12 here.
    public static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let lnFront: Double = lnGammas + a * log(x) + b * log(1 - x)
        if x < (a + 1) / (a + b + 2) {
            return exp(lnFront) * continuedFraction(x, a, b) / a
        }
        return 1 - exp(lnFront) * continuedFraction(1 - x, b, a) / b
    }

    static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-14 { break }
        }
        return h
    }

    /// A score for one answer: a reverse-coded item counts the other way round, so that higher is
    /// always more positive (Tabel B2/B4, L4673, L4720).
    public static func score(_ value: Int, item: Instrument.Item, scale: Instrument.Scale) -> Double {
        item.reverseCoded == true ? Double(scale.min + scale.max - value) : Double(value)
    }
}

/// What may be shown of a group: only groups of at least the minimum size (default 35, 000b), the
/// rest is suppressed or merged with a note.
public struct GroupRule: Hashable, Sendable {
    public var minimum: Int

    public init(minimum: Int = 35) {
        self.minimum = minimum
    }

    public func shows(_ n: Int) -> Bool { n >= minimum }
}
