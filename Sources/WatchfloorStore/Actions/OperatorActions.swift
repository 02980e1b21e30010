import WatchfloorCore

/// Operator actions as compare-and-set. Each runs in one `BEGIN IMMEDIATE` transaction: read the row, check the
/// expected version (when the caller saw one) and the lifecycle rule, update `… WHERE version = ?`, append an
/// audited bus event. Two operators racing on one item: exactly one wins; the other gets `ActionRefused`
/// naming the winner.
public struct OperatorActions: Sendable {
    public let store: Store
    public let actor: String

    public init(store: Store, actor: String) {
        // Sanitised like feed text: the name lands in acked_by, events and notes, and is shown back.
        self.store = store; self.actor = Sanitize.line(actor)
    }

    // MARK: Incidents

    @discardableResult
    public func acknowledge(incident id: String, expectedVersion: Int? = nil, note: String? = nil) throws -> Incident {
        try incidentAction(id, IncidentTransitions.acknowledge, expectedVersion, note: note) { i, now in
            i.ackedAt = now; i.ackedBy = actor
            return [:]
        }
    }

    @discardableResult
    public func assign(incident id: String, to assignee: String, expectedVersion: Int? = nil, note: String? = nil) throws -> Incident {
        let who = Sanitize.line(assignee)
        guard !who.isEmpty else { throw StoreError.invalid("assign needs someone to assign to") }
        return try incidentAction(id, IncidentTransitions.assign, expectedVersion, note: note) { i, now in
            i.assignee = who
            if i.dispatchedAt == nil { i.dispatchedAt = now }
            return ["assignee": .string(who)]
        }
    }

    /// Raises the grade one step (Ⅳ→Ⅲ …) and counts an escalation. A level-Ⅰ incident is refused
    /// (`EscalationRefused`). Without `expectedVersion` it acts on whatever version is current.
    @discardableResult
    public func escalate(incident id: String, expectedVersion: Int? = nil, reason: String? = nil) throws -> Incident {
        try incidentAction(id, IncidentTransitions.escalate, expectedVersion, note: reason,
                           check: { if $0.level == .one { throw EscalationRefused(incidentID: id) } }) { i, now in
            let from = i.level
            i.level = i.level.raised
            i.escalations += 1
            i.lastEscalatedAt = now
            return ["from_level": .int(Int64(from.rawValue)), "to_level": .int(Int64(i.level.rawValue))]
        }
    }

    @discardableResult
    public func resolve(incident id: String, expectedVersion: Int? = nil, note: String? = nil) throws -> Incident {
        try incidentAction(id, IncidentTransitions.resolve, expectedVersion, note: note) { i, now in
            i.resolvedAt = now
            return [:]
        }
    }

    @discardableResult
    public func close(incident id: String, expectedVersion: Int? = nil, note: String? = nil) throws -> Incident {
        try incidentAction(id, IncidentTransitions.close, expectedVersion, note: note) { i, now in
            i.closedAt = now
            return [:]
        }
    }

    @discardableResult
    public func reopen(incident id: String, expectedVersion: Int? = nil, note: String? = nil) throws -> Incident {
        try incidentAction(id, IncidentTransitions.reopen, expectedVersion, note: note) { i, _ in
            i.resolvedAt = nil; i.closedAt = nil
            return [:]
        }
    }

    private func incidentAction(_ id: String, _ t: Transition<IncidentStatus>, _ expected: Int?, note: String?,
                                check: (Incident) throws -> Void = { _ in },
                                _ mutate: (inout Incident, Timestamp) -> [String: JSONValue]) throws -> Incident {
        try perform(kind: "incident", id: id, action: t.action, note: note, check: check,
                    load: { try IncidentRepository.get($0, id: id) },
                    status: { $0.status.rawValue }, version: { $0.version }, expected: expected,
                    apply: { i, now in
                        switch t.result(from: i.status) { case .success(let next): i.status = next; case .failure(let e): return .failure(e) }
                        i.version += 1; i.updatedAt = now
                        return .success(mutate(&i, now))
                    },
                    save: { c, i, old in try IncidentStore.update(c, i, expectedVersion: old) })
    }

    // MARK: Hotline cases

    @discardableResult
    public func accept(hotline ticket: String, expectedVersion: Int? = nil, note: String? = nil) throws -> HotlineCase {
        try hotlineAction(ticket, HotlineTransitions.accept, expectedVersion, note: note) { h, now in
            h.acceptedAt = now
            return [:]
        }
    }

    @discardableResult
    public func transfer(hotline ticket: String, to department: String, expectedVersion: Int? = nil, note: String? = nil) throws -> HotlineCase {
        let dept = Sanitize.line(department)
        guard !dept.isEmpty else { throw StoreError.invalid("transfer needs a department (--to)") }
        return try hotlineAction(ticket, HotlineTransitions.transfer, expectedVersion, note: note) { h, now in
            h.department = dept; h.transferredAt = now
            return ["department": .string(dept)]
        }
    }

    @discardableResult
    public func reply(hotline ticket: String, expectedVersion: Int? = nil, note: String? = nil) throws -> HotlineCase {
        try hotlineAction(ticket, HotlineTransitions.reply, expectedVersion, note: note) { h, now in
            h.repliedAt = now
            return [:]
        }
    }

    @discardableResult
    public func callback(hotline ticket: String, result: String?, satisfaction: Satisfaction?, expectedVersion: Int? = nil) throws -> HotlineCase {
        try hotlineAction(ticket, HotlineTransitions.callback, expectedVersion, note: nil) { h, now in
            h.callbackAt = now
            h.callbackResult = result.map(Sanitize.text)
            h.satisfaction = satisfaction
            return ["result": .from(h.callbackResult), "satisfaction": .from(satisfaction?.rawValue)]
        }
    }

    @discardableResult
    public func close(hotline ticket: String, expectedVersion: Int? = nil, note: String? = nil) throws -> HotlineCase {
        try hotlineAction(ticket, HotlineTransitions.close, expectedVersion, note: note) { h, now in
            h.closedAt = now
            return [:]
        }
    }

    @discardableResult
    public func returnCase(hotline ticket: String, reason: String, expectedVersion: Int? = nil) throws -> HotlineCase {
        try hotlineAction(ticket, HotlineTransitions.returnCase, expectedVersion, note: reason) { _, _ in [:] }
    }

    private func hotlineAction(_ ticket: String, _ t: Transition<HotlineStatus>, _ expected: Int?, note: String?,
                               _ mutate: (inout HotlineCase, Timestamp) -> [String: JSONValue]) throws -> HotlineCase {
        let sla = store.sla
        return try perform(kind: "hotline", id: ticket, action: t.action, note: note,
                           load: { try HotlineRepository.get($0, ticket: ticket) },
                           status: { $0.status.rawValue }, version: { $0.version }, expected: expected,
                           apply: { h, now in
                               switch t.result(from: h.status) { case .success(let next): h.status = next; case .failure(let e): return .failure(e) }
                               h.version += 1; h.updatedAt = now
                               let previousDue = h.stageDueAt
                               h.stageStartedAt = now
                               h.stageDueAt = sla.currentDeadline(of: h)
                               if t.action == HotlineTransitions.transfer.action {
                                   // A transfer restarts the stage clock but never the case's total time.
                                   h.stageDueAt = sla.transferDeadline(of: h, previousDue: previousDue, now: now)
                               }
                               var data = mutate(&h, now)
                               data["due"] = .from(h.stageDueAt)
                               return .success(data)
                           },
                           save: { c, h, old in try HotlineStore.update(c, h, expectedVersion: old) })
    }

    // MARK: Alerts

    @discardableResult
    public func acknowledge(alert id: Int64, expectedVersion: Int? = nil) throws -> SecurityAlert {
        try alertAction(id, AlertTransitions.acknowledge, expectedVersion) { a, _ in
            a.ackedBy = actor
            return [:]
        }
    }

    @discardableResult
    public func close(alert id: Int64, expectedVersion: Int? = nil) throws -> SecurityAlert {
        try alertAction(id, AlertTransitions.close, expectedVersion) { _, _ in [:] }
    }

    @discardableResult
    public func suppress(alert id: Int64, until: Timestamp, expectedVersion: Int? = nil) throws -> SecurityAlert {
        try alertAction(id, AlertTransitions.suppress, expectedVersion) { a, _ in
            a.suppressedUntil = until
            return ["until": .string(until.iso)]
        }
    }

    private func alertAction(_ id: Int64, _ t: Transition<AlertStatus>, _ expected: Int?,
                             _ mutate: (inout SecurityAlert, Timestamp) -> [String: JSONValue]) throws -> SecurityAlert {
        try perform(kind: "alert", id: String(id), action: t.action, note: nil,
                    load: { try AlertRepository.get($0, id: id) },
                    status: { $0.effectiveStatus(now: store.clock()).rawValue }, version: { $0.version }, expected: expected,
                    apply: { a, now in
                        switch t.result(from: a.effectiveStatus(now: now)) { case .success(let next): a.status = next; case .failure(let e): return .failure(e) }
                        a.version += 1
                        return .success(mutate(&a, now))
                    },
                    save: { c, a, old in try AlertStore.update(c, a, expectedVersion: old) })
    }

    // MARK: Notes

    /// A free-text note on an item, or on the shift itself (`kind: "shift"`, id: the shift's id).
    @discardableResult
    public func addNote(kind: String, id: String, text: String) throws -> Note {
        let clean = Sanitize.text(text)
        guard !clean.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw StoreError.invalid("a note needs text") }
        return try store.write { c in
            try CountyAccess.check(c, actor: actor, kind: kind, id: id)
            let now = store.clock()
            try c.run("INSERT INTO notes(at, entity_kind, entity_id, actor, text) VALUES (?,?,?,?,?)",
                      [.int(now.milliseconds), .text(kind), .text(id), .text(actor), .text(clean)])
            let noteID = c.lastInsertRowID
            let event = try EventLog.append(c, at: now, topic: Topic.noteAdded, entityKind: kind, entityID: id, actor: actor,
                                            data: ["text": .string(clean), "note_id": .int(noteID)], audited: true)
            try CountyAccess.stamp(c, event: event)
            return Note(id: noteID, at: now, entityKind: kind, entityID: id, actor: actor, text: clean)
        }
    }

    // MARK: The one compare-and-set path

    func perform<E>(kind: String, id: String, action: String, note: String?, check: (E) throws -> Void = { _ in },
                            load: (Connection) throws -> E?, status: (E) -> String, version: (E) -> Int,
                            expected: Int?, apply: (inout E, Timestamp) -> Result<[String: JSONValue], IllegalTransition>,
                            save: (Connection, E, Int) throws -> Bool) throws -> E {
        try store.write { c in
            guard var entity = try load(c) else { throw StoreError.notFound(kind: kind, id: id) }
            try CountyAccess.check(c, actor: actor, kind: kind, id: id)
            let now = store.clock()
            let before = version(entity)
            let fromStatus = status(entity)
            if let expected, expected != before {
                throw try refusal(c, kind: kind, id: id, action: action, current: fromStatus, reason: .stale(expected: expected, found: before))
            }
            try check(entity)
            var data: [String: JSONValue]
            switch apply(&entity, now) {
            case .failure(let illegal):
                throw try refusal(c, kind: kind, id: id, action: action, current: fromStatus, reason: .illegal(illegal))
            case .success(let d): data = d
            }
            guard try save(c, entity, before) else {
                throw try refusal(c, kind: kind, id: id, action: action, current: fromStatus, reason: .stale(expected: before, found: before + 1))
            }
            data["from"] = .string(fromStatus)
            data["to"] = .string(status(entity))
            data["action"] = .string(action)
            if let note, !note.isEmpty {
                let clean = Sanitize.text(note)
                data["note"] = .string(clean)
                try c.run("INSERT INTO notes(at, entity_kind, entity_id, actor, text) VALUES (?,?,?,?,?)",
                          [.int(now.milliseconds), .text(kind), .text(id), .text(actor), .text(clean)])
            }
            let event = try EventLog.append(c, at: now, topic: "\(kind).\(action)", entityKind: kind, entityID: id, actor: actor,
                                            data: .object(data), audited: true)
            try CountyAccess.stamp(c, event: event)
            return entity
        }
    }

    private func refusal(_ c: Connection, kind: String, id: String, action: String, current: String,
                         reason: ActionRefused.Reason) throws -> ActionRefused {
        let last = try c.queryOne("""
            SELECT actor, at, data->>'$.action' FROM events WHERE entity_kind=? AND entity_id=? AND hash IS NOT NULL
            AND topic <> 'note.added' ORDER BY seq DESC LIMIT 1
            """, [.text(kind), .text(id)]) { ($0.string(0), $0.time(1), $0.stringOptional(2)) }
        if last == nil, kind == "incident", let i = try IncidentRepository.get(c, id: id), let by = i.ackedBy, let at = i.ackedAt {
            // Imported already acknowledged: the row itself says who.
            return ActionRefused(entityKind: kind, entityID: id, action: action, currentStatus: current, reason: reason,
                                 lastActor: by, lastAt: at, lastAction: "acknowledge")
        }
        return ActionRefused(entityKind: kind, entityID: id, action: action, currentStatus: current, reason: reason,
                             lastActor: last?.0, lastAt: last?.1, lastAction: last?.2)
    }
}
