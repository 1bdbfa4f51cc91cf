"""Messages stored for later and shown in the reader's language (see i18n.messages)."""
