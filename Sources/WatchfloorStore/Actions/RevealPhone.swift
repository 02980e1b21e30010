import WatchfloorCore

extension OperatorActions {
    /// The case's full phone number, for the call-back (回访) the operator makes from the duty room. The number is
    /// personal information, so every reveal is an audited event (`hotline.reveal_phone`: who, when, which case);
    /// screens show it for a minute and mask it again.
    public func revealPhone(hotline ticket: String) throws -> String? {
        try store.write { c in
            guard let h = try HotlineRepository.get(c, ticket: ticket) else {
                throw StoreError.notFound(kind: "hotline", id: ticket)
            }
            try EventLog.append(c, at: store.clock(), topic: "hotline.reveal_phone", entityKind: "hotline",
                                entityID: ticket, actor: actor, data: ["action": .string("reveal_phone")], audited: true)
            return h.phone
        }
    }
}
