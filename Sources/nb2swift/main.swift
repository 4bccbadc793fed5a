// Placeholder: the CLI is laid down by the converter-core work (issue 2).
print("nb2swift: not yet implemented")
