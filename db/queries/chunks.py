"""How many ids go into one `IN (...)` list.

SQLite refuses statements with more than 999 bound parameters (in older builds); 900 leaves
room for the statement's other parameters. Every query over a list of ids reads in chunks of
this size, on PostgreSQL too, so both behave alike.
"""

CHUNK = 900
