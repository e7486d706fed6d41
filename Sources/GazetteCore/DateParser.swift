import Foundation

/// Parses the date forms that posts and clients use into seconds since the epoch.
///
/// Accepted, per API.md: RFC 2822 (`Wed, 28 Jul 2021 10:50:17 GMT`), ISO 8601 / RFC 3339
/// (`2020-04-03T20:26:28.000Z`, `2025-03-17T10:00:00-04:00`), Hexo's naive
/// `2021-07-28 10:50:17` or `2019-01-11 22:13` and a bare `2021-07-28` (read in
/// ``timeZone``), with Jekyll's unpadded `2014-10-1 12:00:00` too.
public struct DateParser: Sendable {
    /// The zone naive dates are read in.
    public let timeZone: TimeZone

    /// The zone's offset when it never changes (UTC, fixed-offset zones): no lookup per date.
    private let fixedOffset: Int64?

    public init(timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) {
        self.timeZone = timeZone
        let epoch = Date(timeIntervalSince1970: 0)
        fixedOffset =
            timeZone.nextDaylightSavingTimeTransition(after: .distantPast) == nil
                && timeZone.secondsFromGMT(for: epoch) == timeZone.secondsFromGMT(for: Date())
            ? Int64(timeZone.secondsFromGMT(for: epoch)) : nil
    }

    /// The instant `text` names, or `nil` when it is not one of the accepted forms or not a
    /// real calendar date.
    public func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else { return nil }
        var scanner = DateScanner(Array(trimmed.utf8))
        if let first = scanner.peek(), first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"),
            let iso = parseISO(&scanner)
        {
            return iso
        }
        var rfc = DateScanner(Array(trimmed.utf8))
        return parseRFC2822(&rfc)
    }

    /// Seconds since the epoch of a naive local time in ``timeZone``.
    public func instant(ofLocal time: CivilTime) -> Int64 {
        let local = time.secondsSinceEpoch
        if let fixedOffset { return local - fixedOffset }
        // The offset depends on the instant; two rounds settle it except inside a DST gap.
        var offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local))))
        offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - offset))))
        return local - offset
    }

    // MARK: - ISO 8601 and naive

    private func parseISO(_ s: inout DateScanner) -> Int64? {
        guard let year = s.number(minDigits: 4, maxDigits: 4), s.take(UInt8(ascii: "-")),
            let month = s.number(minDigits: 1, maxDigits: 2), s.take(UInt8(ascii: "-")),
            let day = s.number(minDigits: 1, maxDigits: 2)
        else { return nil }
        var time = CivilTime(year: year, month: month, day: day)
        if s.isAtEnd {
            return time.isValid ? instant(ofLocal: time) : nil
        }
        guard s.take(UInt8(ascii: "T")) || s.take(UInt8(ascii: "t")) || s.takeSpaces() else { return nil }
        guard let hour = s.number(minDigits: 1, maxDigits: 2), s.take(UInt8(ascii: ":")),
            let minute = s.number(minDigits: 2, maxDigits: 2)
        else { return nil }
        time.hour = hour
        time.minute = minute
        if s.take(UInt8(ascii: ":")) {
            guard let second = s.number(minDigits: 2, maxDigits: 2) else { return nil }
            time.second = second
            if s.take(UInt8(ascii: ".")) || s.take(UInt8(ascii: ",")) {
                guard s.number(minDigits: 1, maxDigits: 9, overflowAllowed: true) != nil else { return nil }
            }
        }
        guard time.isValid else { return nil }
        _ = s.takeSpaces()
        if s.isAtEnd { return instant(ofLocal: time) }
        guard let offset = parseOffset(&s, allowNames: true), s.isAtEnd else { return nil }
        return time.secondsSinceEpoch - offset
    }

    // MARK: - RFC 2822 (RFC 5322 §3.3)

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private func parseRFC2822(_ s: inout DateScanner) -> Int64? {
        if let word = s.word(), s.take(UInt8(ascii: ",")) {
            guard word.count == 3 else { return nil }
            _ = s.takeSpaces()
        } else {
            s.rewind()
        }
        guard let day = s.number(minDigits: 1, maxDigits: 2), s.takeSpaces(),
            let monthWord = s.word(),
            let monthIndex = DateParser.months.firstIndex(of: monthWord.lowercased().prefix(3).description),
            s.takeSpaces(),
            let year = s.number(minDigits: 4, maxDigits: 4), s.takeSpaces(),
            let hour = s.number(minDigits: 1, maxDigits: 2), s.take(UInt8(ascii: ":")),
            let minute = s.number(minDigits: 2, maxDigits: 2)
        else { return nil }
        var time = CivilTime(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute)
        if s.take(UInt8(ascii: ":")) {
            guard let second = s.number(minDigits: 2, maxDigits: 2) else { return nil }
            time.second = second
        }
        guard time.isValid else { return nil }
        _ = s.takeSpaces()
        if s.isAtEnd { return instant(ofLocal: time) }
        guard let offset = parseOffset(&s, allowNames: true) else { return nil }
        _ = s.takeSpaces()
        guard s.isAtEnd else { return nil }
        return time.secondsSinceEpoch - offset
    }

    /// `Z`, `±hh:mm`, `±hhmm`, `±hh`, or (RFC 2822) `GMT`, `UT`, `UTC` and the US zone names.
    private func parseOffset(_ s: inout DateScanner, allowNames: Bool) -> Int64? {
        if s.take(UInt8(ascii: "Z")) || s.take(UInt8(ascii: "z")) { return 0 }
        if let sign = s.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            s.advance()
            guard let hours = s.number(minDigits: 2, maxDigits: 2), hours <= 23 else { return nil }
            var minutes = 0
            _ = s.take(UInt8(ascii: ":"))
            if !s.isAtEnd {
                guard let m = s.number(minDigits: 2, maxDigits: 2), m <= 59 else { return nil }
                minutes = m
            }
            let offset = Int64(hours * 3_600 + minutes * 60)
            return sign == UInt8(ascii: "-") ? -offset : offset
        }
        guard allowNames, let name = s.word()?.uppercased() else { return nil }
        let hours: [String: Int64] = [
            "GMT": 0, "UT": 0, "UTC": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
            "PST": -8, "PDT": -7,
        ]
        return hours[name].map { $0 * 3_600 }
    }
}

/// A cursor over ASCII bytes for ``DateParser``.
private struct DateScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var mark = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }
    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
    mutating func advance() { index += 1 }
    mutating func rewind() { index = mark }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func takeSpaces() -> Bool {
        let start = index
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
        return index > start
    }

    /// A run of ASCII letters.
    mutating func word() -> String? {
        mark = index
        let start = index
        while let byte = peek(), (byte | 0x20) >= UInt8(ascii: "a"), (byte | 0x20) <= UInt8(ascii: "z") {
            index += 1
        }
        guard index > start else { return nil }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A run of `minDigits...maxDigits` ASCII digits (reading stops after `maxDigits`); with
    /// `overflowAllowed`, longer runs are consumed and the extra digits ignored (fractions of a
    /// second).
    mutating func number(minDigits: Int, maxDigits: Int, overflowAllowed: Bool = false) -> Int? {
        let start = index
        var value = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            if index - start < maxDigits {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            } else if !overflowAllowed {
                break
            }
            index += 1
        }
        return index - start >= minDigits ? value : nil
    }
}
