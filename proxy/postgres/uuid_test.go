package postgres_test

import (
	"context"
	"testing"
)

// TestUUIDAsPostgreSQL: a uuid column was refused with 0A000 on a SQLite
// node. It now reads what PostgreSQL reads (either case, braces, hyphens
// after any group of four digits), prints the canonical form, compares and
// orders as PostgreSQL does, and refuses what PostgreSQL refuses.
func TestUUIDAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE uu (id uuid PRIMARY KEY, n int, ref uuid)",
		"INSERT INTO uu VALUES ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 1, NULL), "+
			"('{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a12}', 2, 'a0eebc999c0b4ef8bb6d6bb9bd380a11'), "+
			"('a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a13', 3, '00000000-0000-0000-0000-000000000000'), "+
			"('ffffffff-ffff-ffff-ffff-ffffffffffff', 4, NULL)",
		"SELECT id, n, ref, id::text AS t, length(id::text) FROM uu ORDER BY id",
		"SELECT n FROM uu WHERE id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12' OR id = '{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A13}' ORDER BY n",
		"SELECT n FROM uu WHERE id > 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AND id IN ('ffffffff-ffff-ffff-ffff-ffffffffffff', "+
			"'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12') ORDER BY n",
		"SELECT a.n, b.n FROM uu a JOIN uu b ON b.ref = a.id ORDER BY a.n",
		"SELECT count(DISTINCT ref), 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, CAST('{00000000000000000000000000000001}' AS uuid)",
		"UPDATE uu SET ref = id WHERE n = 4",
		"SELECT n, ref FROM uu WHERE ref IS NOT NULL ORDER BY ref DESC",
		"INSERT INTO uu VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1', 5, NULL)",
		"INSERT INTO uu VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11x', 5, NULL)",
		"INSERT INTO uu VALUES ('a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11', 5, NULL)",
		"INSERT INTO uu VALUES (' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 5, NULL)",
		"INSERT INTO uu VALUES ('{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 5, NULL)",
		"INSERT INTO uu VALUES ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 6, NULL)",
		"SELECT n FROM uu WHERE id = n::text",
		"SELECT 1::uuid",
		"SELECT n FROM uu WHERE id = 'nonsense'",
		"SELECT atttypid::int, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'uu'::regclass AND attname = 'id'",
		"SELECT data_type, udt_name FROM information_schema.columns WHERE table_name = 'uu' AND column_name = 'ref'",
	)
}

// TestUUIDParameters: pgx sends a uuid parameter in binary (16 bytes) once
// the statement's description names its type; the node reads it as the
// uuid and answers it back in binary.
func TestUUIDParameters(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		ctx := context.Background()
		c := startNodeOn(t, backend, "").connect(t)
		if _, err := c.Exec(ctx, "CREATE TABLE up (id uuid PRIMARY KEY, n int)"); err != nil {
			t.Fatal(err)
		}
		id := [16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}
		if _, err := c.Exec(ctx, "INSERT INTO up VALUES ($1, $2)", id, 7); err != nil {
			t.Fatal(err)
		}
		var got [16]byte
		var text string
		if err := c.QueryRow(ctx, "SELECT id, id::text FROM up WHERE id = $1", id).Scan(&got, &text); err != nil {
			t.Fatal(err)
		}
		if got != id || text != "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" {
			t.Errorf("got %x %q", got, text)
		}
	})
}
