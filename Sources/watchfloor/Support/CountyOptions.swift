import WatchfloorCore
import WatchfloorStore

extension GlobalOptions {
    /// The county filter for this command's reads: `--county`, else the acting operator's limit, else none (the
    /// whole store). An operator limited to one county asking for another is refused (exit 4).
    func countyScope(_ store: Store) throws -> CountyFilter? {
        try CountyAccess.readScope(store, actor: actor, requested: county)
    }

    /// Refuses showing or acting on an item outside `--county` or outside the operator's limit (exit 4).
    func checkCounty(_ store: Store, kind: String, id: String) throws {
        guard let scope = try countyScope(store) else { return }
        let (itemCounty, limit) = try store.withConnection {
            (try CountyAccess.county($0, kind: kind, id: id), try CountyAccess.limit($0, actor: actor))
        }
        if let itemCounty, itemCounty != scope.code {
            throw CountyRefused(actor: actor, allowed: scope.code, requested: itemCounty, item: id, limited: limit != nil)
        }
    }
}

extension GlobalOptions {
    /// Operator actions on the item `idText` names, refused up front when it lies outside `--county`. (An
    /// operator's county limit is enforced again by `OperatorActions` itself, inside the write transaction.)
    func actions(on idText: String) throws -> OperatorActions {
        let store = try openStore()
        let ref = EntityRef(idText)
        try checkCounty(store, kind: ref.kind, id: ref.id)
        return OperatorActions(store: store, actor: actor)
    }
}

extension GlobalOptions {
    /// For a command that reads the whole store and cannot yet keep to one county (the handover export): refused
    /// (exit 4) when a county is asked for or the operator is limited to one, rather than showing other counties.
    func refuseCountyScope(_ store: Store, command: String) throws {
        guard let scope = try countyScope(store) else { return }
        let limit = try store.withConnection { try CountyAccess.limit($0, actor: actor) }
        throw CountyRefused(actor: actor, allowed: scope.code, requested: nil, item: nil, limited: limit != nil, command: command)
    }
}
