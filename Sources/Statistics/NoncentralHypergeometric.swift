import Foundation

/// Fisher's noncentral hypergeometric distribution of the top-left cell of a 2×2 table with the given first row sum,
/// first column sum and total. The central weights C(row, j)·C(total − row, column − j) are kept in logs, built by
/// their ratio recurrence (no factorials of large numbers); θ enters as j·log θ.
struct NoncentralHypergeometric {
    let lowest: Int
    let highest: Int
    private let logWeights: [Double]

    init(row: Int, column: Int, total: Int) {
        lowest = max(0, row + column - total)
        highest = min(row, column)
        var weights = [0.0]
        var j = lowest
        while j < highest {
            let up = Double(row - j) * Double(column - j)
            let down = Double(j + 1) * Double(total - row - column + j + 1)
            weights.append(weights[weights.count - 1] + log(up) - log(down))
            j += 1
        }
        logWeights = weights
    }

    func tail(atLeast x: Int, logTheta: Double) -> Double {
        share(from: x - lowest, to: logWeights.count - 1, logTheta: logTheta)
    }

    func tail(atMost x: Int, logTheta: Double) -> Double {
        share(from: 0, to: x - lowest, logTheta: logTheta)
    }

    /// The probability of the support's indices first…last at θ: the weights scaled by their largest (so that none
    /// overflows) and summed in two plain passes, without allocating (the root finder calls this some sixty times).
    private func share(from first: Int, to last: Int, logTheta: Double) -> Double {
        var top = -Double.infinity
        for j in logWeights.indices { top = max(top, logWeights[j] + Double(j) * logTheta) }
        var all = 0.0, part = 0.0
        for j in logWeights.indices {
            let term = exp(logWeights[j] + Double(j) * logTheta - top)
            all += term
            if j >= first && j <= last { part += term }
        }
        return part / all
    }
}
