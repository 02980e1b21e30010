import WatchfloorCore

/// The topic workflow (研判 → 处置 → 跟踪 → 关闭) through the same compare-and-set path as every other operator
/// action: one transaction, version check, lifecycle rule from `TopicTransitions`, audited `topic.<action>` event.
extension OperatorActions {
    @discardableResult
    public func assess(topic id: String, expectedVersion: Int? = nil, note: String? = nil) throws -> OpinionTopic {
        try topicAction(id, TopicTransitions.assess, expectedVersion, note: note) { _, _ in [:] }
    }

    /// Records a response (channel, the clarification's text or link, when it was published — default now) and
    /// moves the topic to responding.
    @discardableResult
    public func respond(topic id: String, channel: String, content: String, at: Timestamp? = nil,
                        expectedVersion: Int? = nil) throws -> OpinionTopic {
        let ch = Sanitize.line(channel)
        let text = Sanitize.text(content)
        guard !ch.isEmpty else { throw StoreError.invalid("respond needs the channel the response went out on (--channel)") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.invalid("respond needs the response's text or link (--text)")
        }
        var response: (String, String, Timestamp?) = (ch, text, at)
        return try topicAction(id, TopicTransitions.respond, expectedVersion, note: nil, afterSave: { c, t, now in
            let when = response.2 ?? now
            try c.run("INSERT INTO opinion_responses(topic_id, at, actor, channel, content) VALUES (?,?,?,?,?)",
                      [.text(t.id), .from(when), .text(actor), .text(response.0), .text(response.1)])
            response.2 = when
        }) { _, now in
            ["channel": .string(ch), "content": .string(text), "responded_at": .string((at ?? now).iso)]
        }
    }

    @discardableResult
    public func monitor(topic id: String, expectedVersion: Int? = nil, note: String? = nil) throws -> OpinionTopic {
        try topicAction(id, TopicTransitions.monitor, expectedVersion, note: note) { _, _ in [:] }
    }

    @discardableResult
    public func close(topic id: String, expectedVersion: Int? = nil, note: String? = nil) throws -> OpinionTopic {
        try topicAction(id, TopicTransitions.close, expectedVersion, note: note) { _, _ in [:] }
    }

    @discardableResult
    public func reopen(topic id: String, expectedVersion: Int? = nil, note: String? = nil) throws -> OpinionTopic {
        try topicAction(id, TopicTransitions.reopen, expectedVersion, note: note) { _, _ in [:] }
    }

    private func topicAction(_ id: String, _ t: Transition<TopicStatus>, _ expected: Int?, note: String?,
                             afterSave: ((Connection, OpinionTopic, Timestamp) throws -> Void)? = nil,
                             _ mutate: (inout OpinionTopic, Timestamp) -> [String: JSONValue]) throws -> OpinionTopic {
        let clock = store.clock
        return try perform(kind: "topic", id: id, action: t.action, note: note,
                           load: { try OpinionRepository.get($0, id: id) },
                           status: { $0.status.rawValue }, version: { $0.version }, expected: expected,
                           apply: { topic, now in
                               switch t.result(from: topic.status) {
                               case .success(let next): topic.status = next
                               case .failure(let e): return .failure(e)
                               }
                               topic.version += 1; topic.updatedAt = now
                               return .success(mutate(&topic, now))
                           },
                           save: { c, topic, old in
                               guard try OpinionTopicStore.update(c, topic, expectedVersion: old) else { return false }
                               try afterSave?(c, topic, clock())
                               return true
                           })
    }
}
