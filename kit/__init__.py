"""The glue kit handlers and conversations are built from: context, manifest, menu, keyboards, steps."""
