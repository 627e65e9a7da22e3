"""One module per service conversation: build_conversation(settings) and its state enum."""
