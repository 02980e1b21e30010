import WatchfloorCore

/// Row writers. Updates are compare-and-set on `version`; they return false when the row moved on.
enum IncidentStore {
    static func values(_ i: Incident) -> [SQLValue] {
        [.text(i.id), .text(i.source), .from(i.sourceRef), .text(i.category.rawValue), .int(Int64(i.level.rawValue)),
         .text(i.title), .text(i.detail), .from(i.gridID), .from(i.location), .from(i.reporter), .text(i.status.rawValue),
         .from(i.reportedAt), .from(i.ackedAt), .from(i.ackedBy), .from(i.assignee), .from(i.dispatchedAt),
         .from(i.resolvedAt), .from(i.closedAt), .int(Int64(i.escalations)), .from(i.lastEscalatedAt),
         .int(Int64(i.version)), .from(i.updatedAt)]
    }

    static func insert(_ c: Connection, _ i: Incident) throws {
        try c.run("INSERT INTO incidents(\(Columns.incident)) VALUES (\(placeholders(22)))", values(i))
    }

    static func update(_ c: Connection, _ i: Incident, expectedVersion: Int) throws -> Bool {
        let sets = Columns.incident.split(separator: ",").dropFirst().map { "\($0.trimmingCharacters(in: .whitespaces))=?" }.joined(separator: ", ")
        let v = values(i)
        return try c.run("UPDATE incidents SET \(sets) WHERE id=? AND version=?",
                         Array(v.dropFirst()) + [v[0], .int(Int64(expectedVersion))]) == 1
    }
}

enum HotlineStore {
    static func values(_ h: HotlineCase) -> [SQLValue] {
        [.text(h.ticket), .from(h.receivedAt), .text(h.channel.rawValue), .from(h.caller), .from(h.phone),
         .text(h.type.rawValue), .from(h.category), .text(h.summary), .from(h.gridID), .from(h.department),
         .text(h.status.rawValue), .from(h.stageStartedAt), .from(h.stageDueAt), .from(h.acceptedAt),
         .from(h.transferredAt), .from(h.repliedAt), .from(h.callbackAt), .from(h.closedAt), .from(h.callbackResult),
         .from(h.satisfaction?.rawValue), .int(Int64(h.version)), .from(h.updatedAt)]
    }

    static func insert(_ c: Connection, _ h: HotlineCase) throws {
        try c.run("INSERT INTO hotline_cases(\(Columns.hotline)) VALUES (\(placeholders(22)))", values(h))
    }

    static func update(_ c: Connection, _ h: HotlineCase, expectedVersion: Int) throws -> Bool {
        let sets = Columns.hotline.split(separator: ",").dropFirst().map { "\($0.trimmingCharacters(in: .whitespaces))=?" }.joined(separator: ", ")
        let v = values(h)
        return try c.run("UPDATE hotline_cases SET \(sets) WHERE ticket=? AND version=?",
                         Array(v.dropFirst()) + [v[0], .int(Int64(expectedVersion))]) == 1
    }
}

enum AlertStore {
    static func update(_ c: Connection, _ a: SecurityAlert, expectedVersion: Int) throws -> Bool {
        try c.run("""
            UPDATE alerts SET status=?, suppressed_until=?, acked_by=?, incident_id=?, version=? WHERE id=? AND version=?
            """, [.text(a.status.rawValue), .from(a.suppressedUntil), .from(a.ackedBy), .from(a.incidentID),
                  .int(Int64(a.version)), .int(a.id), .int(Int64(expectedVersion))]) == 1
    }
}

func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ",") }
