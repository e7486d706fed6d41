// libFuzzer entry point for RequestParser. Built by Fuzz/run-fuzz.sh together with the parser
// sources (not part of the SwiftPM package).
//
// Checks, for every input: the parser never traps; parsing the input in two pieces (split at
// a point chosen from the input) gives the same outcome as parsing it whole; and every parsed
// request's accessors (headers, query parameters) can be used.

private let limits = RequestParser.Limits(
    maxRequestLineBytes: 256, maxHeaderBytes: 1024, maxHeaderCount: 16, maxBodyBytes: 4096)

private enum Outcome: Equatable {
    case request(path: String, body: [UInt8], consumed: Int)
    case incomplete
    case failure(HTTPError.Code)
}

private func parseWhole(_ bytes: UnsafeRawBufferPointer) -> Outcome {
    var parser = RequestParser(limits: limits)
    do {
        guard let parsed = try parser.parse(bytes) else { return .incomplete }
        exercise(parsed)
        return .request(path: parsed.head.path, body: parsed.body, consumed: parsed.consumed)
    } catch {
        return .failure(error.code)
    }
}

private func parseSplit(_ bytes: UnsafeRawBufferPointer, at split: Int) -> Outcome {
    var parser = RequestParser(limits: limits)
    do {
        if let parsed = try parser.parse(UnsafeRawBufferPointer(rebasing: bytes[0..<split])) {
            return .request(path: parsed.head.path, body: parsed.body, consumed: parsed.consumed)
        }
        guard let parsed = try parser.parse(bytes) else { return .incomplete }
        return .request(path: parsed.head.path, body: parsed.body, consumed: parsed.consumed)
    } catch {
        return .failure(error.code)
    }
}

private func exercise(_ parsed: RequestParser.Parsed) {
    let request = Request(parsed: parsed, requestID: "fuzz", loopIndex: 0)
    _ = request.headerFields
    _ = request.header("host")
    _ = request.rawQuery
    _ = try? request.queryItems()
    _ = try? request.queryParameters(named: "a")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let whole = parseWhole(bytes)
    if size > 0 {
        let split = Int(bytes[0]) % (size + 1)
        let pieces = parseSplit(bytes, at: split)
        // A request completed early on a prefix is the same request (it ends before the split).
        if pieces != whole {
            fatalError("split at \(split) gave \(pieces), whole gave \(whole)")
        }
    }
    // Pipelined: keep parsing what follows a complete request.
    var offset = 0
    var parser = RequestParser(limits: limits)
    while offset < size {
        guard let parsed = try? parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...])) else { break }
        exercise(parsed)
        guard parsed.consumed > 0 else { fatalError("request consumed no bytes") }
        offset += parsed.consumed
    }
    return 0
}
