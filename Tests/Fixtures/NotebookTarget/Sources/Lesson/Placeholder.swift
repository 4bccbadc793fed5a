// The Lesson target's code is its notebook, lesson.ipynb: nb2swift's NotebookSources plugin exports its
// `//| export` cells at build time. This file holds no code; it exists because SwiftPM skips a target that has no
// Swift file of its own before plugins run (swiftlang/swift-package-manager#8061).
