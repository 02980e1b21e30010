// Placeholder until the layer lands; delete when adding real sources.
