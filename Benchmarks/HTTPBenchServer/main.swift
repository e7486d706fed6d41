// A tiny server for benchmarking HTTPServer alone: `/healthz` answers exactly the bytes of the
// peers' `/healthz` ({"status":"ok"}, application/json); `/json` a fixed ~2 KB JSON document.
//
// usage: HTTPBenchServer [--port N] [--loops N] [--host ADDR] [--access-log]
import Glibc
import HTTPServer
import Logging

HTTPServer.holdTerminationSignals()

var port = 8090
var loops = ServerConfiguration.defaultLoopCount
var host = "127.0.0.1"
var accessLog = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--port": port = arguments.next().flatMap { Int($0) } ?? port
    case "--loops": loops = arguments.next().flatMap { Int($0) } ?? loops
    case "--host": host = arguments.next() ?? host
    case "--access-log": accessLog = true
    default:
        print("usage: HTTPBenchServer [--port N] [--loops N] [--host ADDR] [--access-log]")
        exit(2)
    }
}

let healthBody = Array(#"{"status":"ok"}"#.utf8)
let jsonType = [HTTPHeader(name: "Content-Type", value: "application/json")]
let jsonBody: [UInt8] = {
    var items: [String] = []
    for index in 0..<16 {
        items.append(
            #"{"id":\#(index),"slug":"post-\#(index)","title":"Benchmark article number \#(index)","#
                + #""author":"Gazette","published_at":"2026-11-29T00:00:00Z","tags":["bench","json"]}"#)
    }
    return Array(#"{"items":[\#(items.joined(separator: ","))],"total":16}"#.utf8)
}()

var configuration = ServerConfiguration(host: host, port: port, loopCount: loops)
configuration.accessLogLevel = accessLog ? .info : nil
var logger = Logger(label: "bench")
logger.logLevel = accessLog ? .info : .warning

let server = HTTPServer(configuration: configuration, logger: logger) { request in
    switch request.path {
    case "/healthz": return Response(status: .ok, headers: jsonType, body: healthBody)
    case "/json": return Response(status: .ok, headers: jsonType, body: jsonBody)
    default: return Response.problem(status: .notFound, detail: "no route for \(request.path)")
    }
}
do {
    let bound = try server.start()
    print("HTTPBenchServer listening on \(host):\(bound) with \(loops) loop(s); /json is \(jsonBody.count) bytes")
    server.shutdownOnSignals(gracePeriod: .seconds(2))
    server.waitUntilStopped()
} catch {
    print("HTTPBenchServer: \(error)")
    exit(1)
}
