"""Live chat: direct and group conversations, messages, read markers, the Socket.IO namespace."""
