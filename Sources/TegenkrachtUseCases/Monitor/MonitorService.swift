import Crypto
import FluentKit
import SQLKit
import Foundation
import TegenkrachtCore

/// Waves, participation codes, drafts and responses (issue 8). Unlinkable by construction: a code is
/// checked against the issued codes and then recorded in a separate table of used codes, without a
/// time; the answers are stored without the code, without a time and without the device.
package enum MonitorService {
    package static let draftLifetime: TimeInterval = 14 * 24 * 3600

    /// 16 characters of base32 in groups of four (80 random bits): easy to type from paper.
    package static func newCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The code as typed, normalised (case, spaces, dashes), then hashed; codes carry 80 bits, so a
    /// plain SHA-256 cannot be searched.
    package static func hash(_ typed: String) -> String {
        sha256Hex("survey-code:" + ParticipationCode.normalised(typed))
    }

    package static func openWave(name: String, instrument: Instrument, respondentType: String, population: [String: Int],
                         codes count: Int, employer: String? = nil, app: any ServiceContext, db: any Database) async throws -> (SurveyWave, [String]) {
        let wave = SurveyWave()
        wave.employer = employer
        wave.id = UUID()
        wave.name = name
        wave.instrument = instrument.id
        wave.version = instrument.version
        wave.respondentType = respondentType
        wave.population = String(decoding: try JSONEncoder().encode(population), as: UTF8.self)
        wave.openedOn = app.today.iso
        let codes = (0..<count).map { _ in newCode() }
        let waveID = try wave.requireID()
        let rows = codes.map { code -> SurveyCode in
            let row = SurveyCode()
            row.$wave.id = waveID
            row.codeHash = hash(code)
            return row
        }
        try await UnitOfWork.run(db) { tx in
            try await wave.create(on: tx)
            for chunk in stride(from: 0, to: rows.count, by: 500) {
                try await Array(rows[chunk..<min(chunk + 500, rows.count)]).create(on: tx)
            }
        }
        return (wave, codes)
    }

    package enum StartError: Error {
        /// Unknown, used, or of a closed wave: one answer for all, so it tells nothing about others.
        case notValid
    }

    /// Uses a code: records it as used and starts a draft for this device; returns the device token.
    package static func start(code typed: String, app: any ServiceContext, db: any Database) async throws -> String {
        let codeHash = hash(typed)
        guard let code = try await SurveyCode.query(on: db).filter(\.$codeHash == codeHash).with(\.$wave).first(),
              code.wave.closedOn == nil else { throw StartError.notValid }
        let token = randomToken()
        do {
            try await db.transaction { tx in
                let use = SurveyCodeUse()
                use.codeHash = codeHash
                try await use.create(on: tx)  // unique: a second use fails here
                let draft = SurveyDraft()
                draft.$wave.id = code.$wave.id
                draft.tokenHash = sha256Hex(token)
                draft.answersSealed = try app.keyVault.seal(Data("{}".utf8), for: .surveyDraft)
                draft.page = 0
                draft.expiresAt = app.clock.now.addingTimeInterval(draftLifetime)
                try await draft.create(on: tx)
            }
        } catch {
            throw StartError.notValid
        }
        return token
    }

    package static func draft(token: String?, db: any Database, now: Date) async throws -> SurveyDraft? {
        guard let token else { return nil }
        guard let draft = try await SurveyDraft.query(on: db).filter(\.$tokenHash == sha256Hex(token)).with(\.$wave).first() else { return nil }
        if draft.expiresAt < now || draft.wave.closedOn != nil {
            try await draft.delete(on: db)
            return nil
        }
        return draft
    }

    package static func answers(of draft: SurveyDraft, app: any ServiceContext) throws -> SurveyAnswers {
        let data = try app.keyVault.open(draft.answersSealed, for: .surveyDraft)
        return try JSONDecoder().decode(SurveyAnswers.self, from: data)
    }

    package static func save(_ answers: SurveyAnswers, page: Int, draft: SurveyDraft, app: any ServiceContext, db: any Database) async throws {
        draft.answersSealed = try app.keyVault.seal(try JSONEncoder().encode(answers), for: .surveyDraft)
        draft.page = page
        try await draft.save(on: db)
    }

    /// Stores the response (open texts sealed apart) and deletes the draft, in one transaction.
    package static func submit(_ answers: SurveyAnswers, instrument: Instrument, draft: SurveyDraft, app: any ServiceContext, db: any Database) async throws {
        let openKeys = Set(instrument.questions.filter { $0.type == "open_text" }.map(\.id))
        let closed = answers.filter { !openKeys.contains($0.key) && !$0.value.isEmpty }
        let open = answers.filter { openKeys.contains($0.key) && !($0.value.first ?? "").isEmpty }
        let response = SurveyResponse()
        response.id = UUID()
        response.$wave.id = draft.$wave.id
        response.version = instrument.version
        response.answers = String(decoding: try JSONEncoder().encode(closed), as: UTF8.self)
        response.openSealed = open.isEmpty ? nil : try app.keyVault.seal(try JSONEncoder().encode(open), for: .surveyOpenAnswers(try response.requireID()))
        let contributions = SurveyTally.contributions(of: closed, instrument: instrument)
        try await db.transaction { tx in
            try await response.create(on: tx)
            try await addToTally(contributions, wave: draft.$wave.id, db: tx)
            try await draft.delete(on: tx)
        }
    }

    /// Adds one response's cells to the wave's counts: one statement, each cell incremented by the
    /// database (`ON CONFLICT … DO UPDATE`, SQLite and PostgreSQL alike), so parallel responses never
    /// lose a count.
    package static func addToTally(_ contributions: [String: Int], wave: UUID, db: any Database) async throws {
        try await writeTally(contributions.sorted { $0.key < $1.key }, wave: wave, replace: false, db: db)
    }

    /// One statement for many cells, in the order given (always sorted by cell): `replace` sets each
    /// count, otherwise each is added to.
    static func writeTally(_ cells: [(key: String, value: Int)], wave: UUID, replace: Bool, db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw StoreFault.notSQL }
        guard !cells.isEmpty else { return }
        let waveKey = wave.uuidString.lowercased()
        var insert = sql.insert(into: "survey_tallies").columns("wave_id", "cell", "respondents")
        for (cell, count) in cells {
            insert = insert.values(SQLBind(waveKey), SQLBind(cell), SQLBind(count))
        }
        try await insert.onConflict(with: ["wave_id", "cell"]) { conflict in
            replace
                ? conflict.set(excludedValueOf: "respondents")
                : conflict.set("respondents", to: SQLBinaryExpression(SQLColumn("respondents", table: "survey_tallies"), .add,
                                                                     SQLExcludedColumn("respondents")))
        }.run()
    }

    /// The wave's counts, read with the number of responses stored in one statement (one snapshot, so
    /// a response stored meanwhile cannot make them look wrong). If they do not add up (a wave answered
    /// before the counts were kept), the figures are counted from the responses in memory for this
    /// page, and nothing is written: the `monitor-tallies` job stores the counts (`recount`).
    package static func tally(of wave: SurveyWave, instrument: Instrument, db: any Database) async throws -> SurveyTally {
        let (tally, stored) = try await storedTally(of: wave, db: db)
        guard tally.respondents != stored else { return tally }
        return SurveyTally(instrument: instrument, responses: try await responses(of: wave, db: db))
    }

    static func storedTally(of wave: SurveyWave, db: any Database) async throws -> (SurveyTally, responses: Int) {
        guard let sql = db as? any SQLDatabase else { throw StoreFault.notSQL }
        let waveID = try wave.requireID()
        struct Cell: Decodable { let cell: String; let respondents: Int }
        // The response count rides along as a cell no response can make (cells never start with "#").
        let rows = try await sql.raw("""
            SELECT cell, respondents FROM survey_tallies WHERE wave_id = \(bind: waveID.uuidString.lowercased())
            UNION ALL SELECT '#stored' AS cell, COUNT(*) AS respondents FROM survey_responses WHERE wave_id = \(bind: waveID)
            """).all(decoding: Cell.self)
        var cells: [String: Int] = [:]
        var stored = 0
        for row in rows {
            if row.cell == "#stored" { stored = row.respondents } else { cells[row.cell, default: 0] += row.respondents }
        }
        return (SurveyTally(cells: cells), stored)
    }

    /// Stores the counts of every wave whose counts do not add up, from its responses (the
    /// `monitor-tallies` job; after an upgrade, for the waves answered before). Each cell is *set*,
    /// not added to, and in the order `submit` uses, so a second recount at the same time writes the
    /// same values and cannot deadlock with a response being stored. A response stored during the
    /// recount may be overwritten in the counts; the next run sees the difference and counts again.
    @discardableResult
    package static func recount(instruments: InstrumentBook, db: any Database) async throws -> Int {
        var counted = 0
        for wave in try await SurveyWave.query(on: db).all() {
            guard let instrument = instruments.instrument(wave.instrument, version: wave.version) else { continue }
            let (tally, stored) = try await storedTally(of: wave, db: db)
            guard tally.respondents != stored else { continue }
            let fresh = SurveyTally(instrument: instrument, responses: try await responses(of: wave, db: db))
            let cells = fresh.cells.sorted { $0.key < $1.key }
            for chunk in stride(from: 0, to: cells.count, by: 500) {
                try await writeTally(Array(cells[chunk..<min(chunk + 500, cells.count)]), wave: try wave.requireID(), replace: true, db: db)
            }
            counted += 1
        }
        return counted
    }

    /// Every response of a wave. JSONSerialization, not JSONDecoder: for 10,000 responses it is the
    /// larger part of computing the results (docs/performance.md).
    package static func responses(of wave: SurveyWave, db: any Database) async throws -> [SurveyAnswers] {
        // One column through SQLKit, without building a model per row.
        guard let sql = db as? any SQLDatabase else { throw StoreFault.notSQL }
        struct Row: Decodable { let answers: String }
        return try await sql.raw("SELECT answers FROM survey_responses WHERE wave_id = \(bind: try wave.requireID())")
            .all(decoding: Row.self).map {
                guard let answers = try JSONSerialization.jsonObject(with: Data($0.answers.utf8)) as? SurveyAnswers else {
                    throw StoreFault.unreadableRow
                }
                return answers
            }
    }

    package static func population(of wave: SurveyWave) -> [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(wave.population.utf8))) ?? [:]
    }
}
