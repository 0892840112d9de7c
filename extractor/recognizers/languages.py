"""The protocol's languages the embedded engine reads, and which of them its Latin alphabet covers."""

from __future__ import annotations

# Protocol languages the shipped multilingual PP-OCRv6 recognition model reads.
LATIN_LANGUAGES = frozenset({
    "English", "German", "French", "Italian", "Spanish", "Portuguese", "Polish", "Slovene", "Slovak",
    "Netherlands", "Dutch", "Lithuanian", "Latvian", "Danish", "Norwegian", "Finnish", "Serbian",
    "Croatian", "Czech", "Swedish", "Estonian", "Romanian", "Turkish", "Indonesian", "Albanian", "Latin",
    "Vietnamese", "Uzbek", "Azerbaijani", "Malay", "Swahili", "Tagalog", "Catalan", "Afrikaans",
    "Bosnian", "Galician", "Occitan", "Quechua", "Hungarian", "Kurdish",
})
SUPPORTED_LANGUAGES = LATIN_LANGUAGES | {"Chinese", "Japanese"}
