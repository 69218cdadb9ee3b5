@testable import TegenkrachtApp
import Testing

/// Chart labels never run into the bars (issue 15).
@Suite struct ChartLabelTests {
    @Test func longLabelsAreCutAtAWordAndShortOnesStay() {
        let long = "Intimidatie, bedreiging of agressie door een leidinggevende in een overleg"
        let cut = AnnualReportController.chartLabel(long)
        #expect(cut.count <= 34)
        #expect(cut.hasSuffix("…"))
        #expect(long.hasPrefix(String(cut.dropLast())))
        // Positive control: a label that fits is left as it is.
        #expect(AnnualReportController.chartLabel("Pesten") == "Pesten")
    }
}
