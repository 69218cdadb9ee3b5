import Foundation
import TegenkrachtCore
import TegenkrachtUseCases
import Vapor

/// `tegenkracht deadlines PROCEDURE --event NAME=YYYY-MM-DD … [--json]`. Pure: reads the procedure
/// definitions and touches no database, so it runs before the application starts. Exit status 2 on
/// input it cannot use.
public enum DeadlinesCommand {
    public static let usage = """
        Usage: tegenkracht deadlines PROCEDURE --event NAME=YYYY-MM-DD … [--json]

        Computes a procedure's deadlines from its events (docs/procedures.md). Reads no database.
        Exit codes: 0 done, 2 bad input (unknown procedure or event, impossible date, events out of order).
        """

    public static func run(arguments: [String], config: AppConfiguration) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(usage)
            return 0
        }
        var procedure: String?
        var pairs: [(String, String)] = []
        var json = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--json" {
                json = true
            } else if argument == "--event" || argument == "-e" {
                index += 1
                guard index < arguments.count else { return fail("--event needs NAME=YYYY-MM-DD") }
                let parts = arguments[index].split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { return fail(ProcedureInputError.malformedEvent(arguments[index]).description) }
                pairs.append((parts[0], parts[1]))
            } else if argument.hasPrefix("--event=") {
                let value = String(argument.dropFirst("--event=".count))
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { return fail(ProcedureInputError.malformedEvent(value).description) }
                pairs.append((parts[0], parts[1]))
            } else if procedure == nil && !argument.hasPrefix("-") {
                procedure = argument
            } else {
                return fail("unknown argument '\(argument)'; usage: tegenkracht deadlines PROCEDURE --event NAME=YYYY-MM-DD … [--json]")
            }
            index += 1
        }
        let book: ProcedureBook
        do {
            book = try ProcedureBook.load(directory: config.proceduresDirectory)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
        guard let procedure else {
            return fail("name a procedure: \(book.procedureIDs.joined(separator: ", "))")
        }
        do {
            let response = try Deadlines.answer(book: book, procedure: procedure, pairs: pairs, today: config.clock.today(in: config.timeZone))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let body = ["deadlines": response.deadlines]
                print(String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self))
            } else {
                for deadline in response.deadlines {
                    print("\(deadline.due)  \(deadline.id)  (\(deadline.basis))")
                }
            }
            return 0
        } catch {
            return fail(error.description)
        }
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return 2
    }
}
