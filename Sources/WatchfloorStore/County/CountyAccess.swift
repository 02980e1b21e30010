import WatchfloorCore

/// A read or an action outside the county an operator is limited to. The CLI exits 4 (refused by rule) with
/// `message(_:)`; the UI shows it.
public struct CountyRefused: Error, Sendable, Equatable, CustomStringConvertible {
    public let actor: String
    /// The county the operator is limited to.
    public let allowed: String
    /// The county asked for (nil: the whole city, or an item in another county).
    public let requested: String?
    /// The item acted on or asked for, when there is one.
    public let item: String?
    /// True when `allowed` is the operator's limit; false when it is only what the command asked for (`--county`).
    public let limited: Bool
    /// A command that cannot keep to one county yet (it would show every county), when that is the refusal.
    public let command: String?

    public init(actor: String, allowed: String, requested: String?, item: String? = nil, limited: Bool = true,
                command: String? = nil) {
        self.actor = actor; self.allowed = allowed; self.requested = requested; self.item = item; self.limited = limited
        self.command = command
    }

    public func message(_ language: Language) -> String {
        if let command {
            return Bilingual("\(command) 尚不能按县筛选，会包含其他县（县 \(allowed)）",
                             "\(command) cannot keep to one county yet and would include others (county \(allowed))").text(language)
        }
        let what: Bilingual
        if let item {
            what = Bilingual("\(item) 不属于本县（\(allowed)）", "\(item) is not in county \(allowed)")
        } else if let requested {
            what = Bilingual("不能查看县 \(requested)", "cannot see county \(requested)")
        } else {
            what = Bilingual("不能查看全市", "cannot see the whole city")
        }
        guard limited else {
            return Bilingual("\(item ?? "") 属于县 \(requested ?? "?")，不属于 --county \(allowed)",
                             "\(item ?? "") is in county \(requested ?? "?"), not --county \(allowed)").text(language)
        }
        return Bilingual("\(what.zh)：操作员 \(actor) 仅限县 \(allowed)", "\(what.en): operator \(actor) is limited to county \(allowed)")
            .text(language)
    }

    public var description: String { message(.en) }
}

/// Counties in one store: the store's own (home) county, operators limited to one county, and the filter a
/// read gets. On SQLite this is the enforced setting of the county restriction (README "A city with several
/// counties"): every action checks the actor's limit inside its write transaction (`OperatorActions`), and every
/// read goes through `readScope`, which refuses another county instead of returning its rows.
public enum CountyAccess {
    /// The store's own county: unstamped rows belong to it. nil for a store that never said.
    public static func homeCounty(_ c: Connection) throws -> String? {
        try c.queryOne("SELECT value FROM store_settings WHERE name='home_county'") { $0.string(0) }
    }

    /// Records the store's own county once (a county daemon's `[daemon] county`, `watchfloor county home`). A
    /// store that already belongs to another county is refused: its unstamped rows would change county.
    public static func setHomeCounty(_ store: Store, _ code: String) throws {
        let code = try CountyCode.validated(code, field: "county")
        try store.write { c in
            if let home = try homeCounty(c) {
                guard home == code else {
                    throw StoreError.invalid("the store at \(store.path) belongs to county \(home), not \(code); a county's daemon writes only its own county's store (or a city store where every row is stamped)")
                }
                return
            }
            try c.run("INSERT INTO store_settings(name, value) VALUES ('home_county', ?)", [.text(code)])
        }
    }

    /// The county `actor` is limited to, nil when the operator may see the whole store.
    public static func limit(_ c: Connection, actor: String) throws -> String? {
        try c.queryOne("SELECT county FROM operator_counties WHERE operator=?", [.text(actor)]) { $0.string(0) }
    }

    /// Limits `operatorName` to `county` (nil lifts the limit), as `actor`, with an audited event. An operator who
    /// is limited may not change limits at all.
    public static func setLimit(_ store: Store, operator operatorName: String, county: String?, actor: String) throws {
        let who = Sanitize.line(operatorName)
        guard !who.isEmpty else { throw StoreError.invalid("name the operator to limit") }
        let code = try county.map { try CountyCode.validated($0) }
        try store.write { c in
            if let own = try limit(c, actor: actor) {
                throw CountyRefused(actor: actor, allowed: own, requested: code, item: nil)
            }
            if let code {
                try c.run("INSERT INTO operator_counties(operator, county) VALUES (?, ?) ON CONFLICT(operator) DO UPDATE SET county = excluded.county",
                          [.text(who), .text(code)])
            } else {
                try c.run("DELETE FROM operator_counties WHERE operator=?", [.text(who)])
            }
            try EventLog.append(c, at: store.clock(), topic: "operator.county", entityKind: "operator", entityID: who,
                                actor: actor, data: ["county": code.map(JSONValue.string) ?? .null], audited: true)
        }
    }

    /// The county filter a read by `actor` gets when asking for `requested` (nil: the whole store). A limited
    /// operator asking for nothing gets their county; asking for another is refused.
    public static func readScope(_ store: Store, actor: String, requested: String?) throws -> CountyFilter? {
        let requested = try requested.map { try CountyCode.validated($0) }
        return try store.withConnection { c in
            let home = try homeCounty(c)
            let limit = try limit(c, actor: actor)
            if let limit, let requested, requested != limit {
                throw CountyRefused(actor: actor, allowed: limit, requested: requested)
            }
            guard let code = requested ?? limit else { return nil }
            // Unstamped rows are the home county's; in a store with no home county (a city store) they are the
            // city's own (copy records, operator limits) and no county's.
            return CountyFilter(code: code, includesUnstamped: home == code)
        }
    }

    /// The county of one item (its stamp, else the store's home county); nil when neither says.
    public static func county(_ c: Connection, kind: String, id: String) throws -> String? {
        if kind == "grid" { return CountyCode.of(grid: id) }
        guard let t = CountyColumn.table(kind: kind) else { return nil }
        let e = CountyColumn.effective(home: try homeCounty(c))
        let key: SQLValue = kind == "alert" ? .int(Int64(id) ?? -1) : .text(id)
        return try c.queryOne("SELECT \(e.sql) FROM \(t.table) WHERE \(t.key)=?", e.args + [key]) { $0.stringOptional(0) } ?? nil
    }

    /// Refuses `actor` acting on or reading an item outside their county. Runs inside the caller's transaction.
    public static func check(_ c: Connection, actor: String, kind: String, id: String) throws {
        // Only items lie in a county: a note on the shift itself is anyone's to write.
        guard kind == "grid" || CountyColumn.table(kind: kind) != nil, let limit = try limit(c, actor: actor) else { return }
        // Unknown (unstamped in a store with no home county) is no county's, as in `readScope`.
        let county = try county(c, kind: kind, id: id)
        if county != limit {
            throw CountyRefused(actor: actor, allowed: limit, requested: county, item: id)
        }
    }

    /// Stamps an event about an item with the item's stamped county (an action in a city store), so a county's
    /// operators see it and the city's view can group by county. Unstamped items leave the event unstamped.
    public static func stamp(_ c: Connection, event: BusEvent) throws {
        guard let t = CountyColumn.table(kind: event.entityKind) else { return }
        let key: SQLValue = event.entityKind == "alert" ? .int(Int64(event.entityID) ?? -1) : .text(event.entityID)
        try c.run("UPDATE events SET county = (SELECT county FROM \(t.table) WHERE \(t.key)=?) WHERE seq=?", [key, .int(event.seq)])
    }
}
