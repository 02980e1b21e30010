import Foundation
import WatchfloorCore
import WatchfloorStore

/// Seeds a store with the sample county (`sampledata/*.jsonl`) through `IngestWriter`, shifted in time so the
/// newest record is a few minutes old: the UI then shows live-looking ages, countdowns and sparklines.
enum UISampleData {
    static let directory = Binaries.packageRoot.appendingPathComponent("sampledata")

    static func lines(_ name: String) throws -> [JSONValue] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.isEmpty }.map { try JSONParser.parse(String($0)) }
    }

    /// Writes grids, incidents, 12345 cases and alerts; returns how far times were shifted (ms).
    @discardableResult
    static func seed(_ store: Store, now: Timestamp = .now()) throws -> Int64 {
        let county = try lines("county.jsonl")
        let incidents = try lines("incidents.jsonl")
        let hotline = try lines("hotline.jsonl")
        let alerts = try lines("alerts.jsonl")
        func time(_ v: JSONValue?) -> Timestamp? { v?.string.flatMap { ISOTime.parse($0) } }
        let newest = (incidents.compactMap { time($0["reported_at"]) } + alerts.compactMap { time($0["at"]) }).max()!
        let shift = now.milliseconds - 5 * 60_000 - newest.milliseconds
        func t(_ v: JSONValue?) -> Timestamp? { time(v).map { $0.adding(milliseconds: shift) } }
        func s(_ o: JSONValue, _ k: String) -> String? { o[k]?.string }

        var records: [IngestRecord] = county.map { g in
            .grid(Grid(id: s(g, "id")!, name: s(g, "name")!, level: s(g, "level").flatMap(GridLevel.init(rawValue:)),
                       parent: s(g, "parent"), worker: s(g, "worker"), workerPhone: s(g, "worker_phone"),
                       households: g["households"]?.int.map(Int.init), geometry: g["geometry"]?.serialized))
        }
        for o in incidents {
            records.append(.incident(Incident(
                id: s(o, "id") ?? "", source: s(o, "source")!, sourceRef: s(o, "source_ref"),
                category: IncidentCategory(rawValue: s(o, "category")!) ?? .other,
                level: Level(rawValue: Int(o["level"]!.int!))!, title: s(o, "title")!, detail: s(o, "detail") ?? "",
                gridID: s(o, "grid_id"), location: s(o, "location"), reporter: s(o, "reporter"),
                status: IncidentStatus(rawValue: s(o, "status") ?? "new") ?? .new, reportedAt: t(o["reported_at"])!,
                ackedAt: t(o["acked_at"]), ackedBy: s(o, "acked_by"), assignee: s(o, "assignee"),
                dispatchedAt: t(o["dispatched_at"]), resolvedAt: t(o["resolved_at"]), closedAt: t(o["closed_at"]))))
        }
        for o in hotline {
            records.append(.hotline(HotlineCase(
                ticket: s(o, "ticket")!, receivedAt: t(o["received_at"])!,
                channel: s(o, "channel").flatMap(HotlineChannel.init(rawValue:)) ?? .phone, caller: s(o, "caller"),
                phone: s(o, "phone"), type: s(o, "type").flatMap(HotlineType.init(rawValue:)) ?? .help,
                category: s(o, "category"), summary: s(o, "summary")!, gridID: s(o, "grid_id"),
                department: s(o, "department"), status: s(o, "status").flatMap(HotlineStatus.init(rawValue:)) ?? .new,
                acceptedAt: t(o["accepted_at"]), transferredAt: t(o["transferred_at"]), repliedAt: t(o["replied_at"]),
                callbackAt: t(o["callback_at"]), closedAt: t(o["closed_at"]), callbackResult: s(o, "callback_result"),
                satisfaction: s(o, "satisfaction").flatMap(Satisfaction.init(rawValue:)))))
        }
        for o in alerts {
            records.append(.alert(AlertObservation(
                at: t(o["at"])!, sensor: s(o, "sensor")!, signatureID: Int(o["signature_id"]!.int!),
                signature: s(o, "signature")!, category: s(o, "category"), level: Level(rawValue: Int(o["level"]!.int!))!,
                src: s(o, "src")!, dest: s(o, "dest")!, proto: s(o, "proto"), action: s(o, "action"),
                asset: s(o, "asset"), gridID: s(o, "grid_id"))))
        }
        try IngestWriter(store: store).write(IngestBatch(source: "sampledata", records: records))
        return shift
    }
}
