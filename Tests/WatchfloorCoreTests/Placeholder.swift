// Placeholder until the layer's tests land; delete when adding real tests.
