import GazetteCore

/// IMF-fixdate (RFC 9110 §5.6.7) for `Last-Modified`: `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDates {
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ seconds: Int64) -> String {
        let time = CivilTime(secondsSinceEpoch: seconds)
        var dayIndex = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400 % 7)
        if dayIndex < 0 { dayIndex += 7 }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[dayIndex]), \(two(time.day)) \(months[time.month - 1]) \(time.year) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) GMT"
    }
}
