package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// gormAccount is a model whose migration exercises what GORM's postgres
// migrator reads from information_schema and pg_catalog: a serial key, a
// unique column, an index, defaults, a numeric and a foreign key.
type gormAccount struct {
	ID      uint   `gorm:"primaryKey"`
	Email   string `gorm:"size:64;uniqueIndex;not null"`
	Name    string `gorm:"index"`
	Balance string `gorm:"type:numeric(10,2);default:0"`
	Active  bool   `gorm:"default:true"`
	Created time.Time
	Notes   []gormNote `gorm:"foreignKey:AccountID"`
}

type gormNote struct {
	ID        int64 `gorm:"primaryKey"`
	AccountID uint
	Body      string `gorm:"size:200"`
}

// TestGORMMigrate runs GORM's postgres migrator through a node on each
// backend: AutoMigrate creates the tables once and finds nothing to do the
// second time, and the introspection it is made of answers alike.
func TestGORMMigrate(t *testing.T) {
	answers := map[string]string{}
	forBackends(t, func(t *testing.T, backend string) {
		var sent []string
		db := gormOn(t, backend, &sent)
		models := []any{&gormAccount{}, &gormNote{}}
		if err := db.AutoMigrate(models...); err != nil {
			t.Fatalf("first AutoMigrate: %v", err)
		}
		sent = nil
		if err := db.AutoMigrate(models...); err != nil {
			t.Errorf("second AutoMigrate: %v", err)
		}
		for _, q := range sent {
			if !isRead(q) {
				t.Errorf("second AutoMigrate wrote: %s", q)
			}
		}
		acct := gormAccount{Email: "ann@example.com", Name: "ann", Balance: "12.50", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
			Notes: []gormNote{{Body: "first"}, {Body: "second"}}}
		if err := db.Create(&acct).Error; err != nil {
			t.Fatalf("Create: %v", err)
		}
		var back gormAccount
		if err := db.Preload("Notes").First(&back, "email = ?", "ann@example.com").Error; err != nil {
			t.Fatalf("First: %v", err)
		}
		m := db.Migrator()
		var got []string
		add := func(format string, args ...any) { got = append(got, fmt.Sprintf(format, args...)) }
		add("HasTable accounts=%v nosuch=%v", m.HasTable(&gormAccount{}), m.HasTable("nosuch"))
		add("HasColumn email=%v nosuch=%v", m.HasColumn(&gormAccount{}, "Email"), m.HasColumn(&gormAccount{}, "nosuch"))
		add("HasIndex name=%v email=%v nosuch=%v", m.HasIndex(&gormAccount{}, "Name"), m.HasIndex(&gormAccount{}, "Email"),
			m.HasIndex(&gormAccount{}, "nosuch"))
		add("HasConstraint notes=%v nosuch=%v", m.HasConstraint(&gormAccount{}, "Notes"), m.HasConstraint(&gormAccount{}, "nosuch"))
		tables, err := m.GetTables()
		slices.Sort(tables)
		add("GetTables %v %v", tables, err)
		indexes, err := m.GetIndexes(&gormAccount{})
		if err != nil {
			t.Fatalf("GetIndexes: %v", err)
		}
		var idx []string
		for _, ix := range indexes {
			uniq, _ := ix.Unique()
			pk, _ := ix.PrimaryKey()
			idx = append(idx, fmt.Sprintf("%s%v unique=%v pk=%v", ix.Name(), ix.Columns(), uniq, pk))
		}
		slices.Sort(idx)
		add("GetIndexes %v", idx)
		if err := m.RenameIndex(&gormAccount{}, "idx_gorm_accounts_name", "idx_accounts_by_name"); err != nil {
			t.Errorf("RenameIndex: %v", err)
		}
		add("after RenameIndex HasIndex old=%v new=%v", m.HasIndex(&gormAccount{}, "idx_gorm_accounts_name"),
			m.HasIndex(&gormAccount{}, "idx_accounts_by_name"))
		cts, err := m.ColumnTypes(&gormAccount{})
		if err != nil {
			t.Fatalf("ColumnTypes: %v", err)
		}
		for _, ct := range cts {
			typ, _ := ct.ColumnType()
			null, _ := ct.Nullable()
			pk, _ := ct.PrimaryKey()
			uniq, _ := ct.Unique()
			auto, _ := ct.AutoIncrement()
			def, hasDef := ct.DefaultValue()
			length, hasLen := ct.Length()
			prec, scale, hasDec := ct.DecimalSize()
			add("column %s %s db=%s null=%v pk=%v unique=%v auto=%v default=%q/%v len=%d/%v dec=%d,%d/%v", ct.Name(), typ,
				ct.DatabaseTypeName(), null, pk, uniq, auto, def, hasDef, length, hasLen, prec, scale, hasDec)
		}
		add("row id=%d balance=%s active=%v notes=%d", back.ID, back.Balance, back.Active, len(back.Notes))
		answers[backend] = fmt.Sprint(got)
		for _, want := range []string{"HasTable accounts=true nosuch=false", "HasColumn email=true nosuch=false",
			"HasIndex name=true email=true nosuch=false", "HasConstraint notes=true nosuch=false",
			"GetTables [gorm_accounts gorm_notes] <nil>", "row id=1 balance=12.50 active=true notes=2",
			"after RenameIndex HasIndex old=false new=true",
			"GetIndexes [idx_gorm_accounts_email[email] unique=true pk=false idx_gorm_accounts_name[name] unique=false pk=false]"} {
			if !slices.Contains(got, want) {
				t.Errorf("missing %q in %q", want, got)
			}
		}
	})
	if answers["sqlite"] != answers["postgres"] {
		t.Fatalf("GORM's introspection differs:\npostgres: %s\nsqlite:   %s", answers["postgres"], answers["sqlite"])
	}
}

// gormOn opens GORM's postgres driver on a fresh node of backend, noting
// the SQL it sends in sent.
func gormOn(t *testing.T, backend string, sent *[]string) *gorm.DB {
	t.Helper()
	n := startNodeOn(t, backend, "md5")
	db, err := gorm.Open(gormpg.Open(fmt.Sprintf("postgres://postgres:secret@%s/app?sslmode=disable", n.addr)),
		&gorm.Config{Logger: &statementLog{Interface: logger.Default.LogMode(logger.Silent), sent: sent, t: t}})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func isRead(q string) bool {
	for _, p := range []string{"SELECT", "select"} {
		if len(q) >= len(p) && q[:len(p)] == p {
			return true
		}
	}
	return false
}

// statementLog records the SQL GORM sends.
type statementLog struct {
	logger.Interface
	sent *[]string
	t    *testing.T
}

func (l *statementLog) LogMode(logger.LogLevel) logger.Interface { return l }

func (l *statementLog) Trace(_ context.Context, _ time.Time, fc func() (string, int64), err error) {
	q, _ := fc()
	if testing.Verbose() {
		l.t.Logf("%s -- %v", q, err)
	}
	*l.sent = append(*l.sent, q)
}

// gormItemV1 and gormItemV2 are one table's model before and after a
// change of its columns' types, which GORM's AutoMigrate applies with
// ALTER TABLE … ALTER COLUMN … TYPE … USING.
type gormItemV1 struct {
	ID    uint   `gorm:"primaryKey"`
	Qty   int32  `gorm:"not null;default:1"`
	Name  string `gorm:"size:20;uniqueIndex"`
	Price string `gorm:"type:numeric(8,2)"`
}

func (gormItemV1) TableName() string { return "gorm_items" }

type gormItemV2 struct {
	ID    uint   `gorm:"primaryKey"`
	Qty   int64  `gorm:"not null;default:1"`
	Name  string `gorm:"size:50;uniqueIndex"`
	Price string `gorm:"type:numeric(10,3)"`
}

func (gormItemV2) TableName() string { return "gorm_items" }

// TestGORMAlterColumnType: AutoMigrate of a model whose column types
// changed alters them on both backends, keeps the rows, and finds nothing
// to do the next time; GORM then reads the new types alike.
func TestGORMAlterColumnType(t *testing.T) {
	answers := map[string]string{}
	forBackends(t, func(t *testing.T, backend string) {
		var sent []string
		db := gormOn(t, backend, &sent)
		if err := db.AutoMigrate(&gormItemV1{}); err != nil {
			t.Fatalf("AutoMigrate v1: %v", err)
		}
		if err := db.Create(&gormItemV1{Qty: 3, Name: "bolt", Price: "1.25"}).Error; err != nil {
			t.Fatalf("Create: %v", err)
		}
		sent = nil
		if err := db.AutoMigrate(&gormItemV2{}); err != nil {
			t.Fatalf("AutoMigrate v2: %v", err)
		}
		var altered []string
		for _, q := range sent {
			if !isRead(q) {
				altered = append(altered, q)
			}
		}
		if len(altered) == 0 {
			t.Errorf("AutoMigrate v2 wrote nothing")
		}
		sent = nil
		if err := db.AutoMigrate(&gormItemV2{}); err != nil {
			t.Errorf("AutoMigrate v2 again: %v", err)
		}
		for _, q := range sent {
			if !isRead(q) {
				t.Errorf("AutoMigrate v2 again wrote: %s", q)
			}
		}
		if err := db.Create(&gormItemV2{Qty: 5, Name: "a name longer than twenty characters", Price: "2.125"}).Error; err != nil {
			t.Fatalf("Create v2: %v", err)
		}
		var items []gormItemV2
		if err := db.Order("id").Find(&items).Error; err != nil {
			t.Fatalf("Find: %v", err)
		}
		cts, err := db.Migrator().ColumnTypes(&gormItemV2{})
		if err != nil {
			t.Fatalf("ColumnTypes: %v", err)
		}
		var types []string
		for _, ct := range cts {
			typ, _ := ct.ColumnType()
			types = append(types, ct.Name()+" "+typ)
		}
		answers[backend] = fmt.Sprintf("%q %+v %v", altered, items, types)
	})
	if answers["sqlite"] != answers["postgres"] {
		t.Fatalf("AutoMigrate differs:\npostgres: %s\nsqlite:   %s", answers["postgres"], answers["sqlite"])
	}
	for _, want := range []string{"Name:bolt Price:1.250", "name character varying(50)", "price numeric(10,3)"} {
		if !strings.Contains(answers["sqlite"], want) {
			t.Errorf("missing %q in %s", want, answers["sqlite"])
		}
	}
}
