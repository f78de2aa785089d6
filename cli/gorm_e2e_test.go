package cli

import (
	"errors"
	"fmt"
	"testing"

	gosql "github.com/go-sql-driver/mysql"
	gormmysql "gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

// GORM with its default settings wraps every Create in a transaction and
// takes the new id from the INSERT's answer: the models below exercise
// that with associations, Preload, Transaction, unique keys and upserts.

type gormAuthor struct {
	ID    uint   `gorm:"primaryKey"`
	Name  string `gorm:"size:64;uniqueIndex"`
	Rank  int
	Books []gormBook `gorm:"foreignKey:AuthorID"`
}

type gormBook struct {
	ID       uint   `gorm:"primaryKey"`
	AuthorID uint   `gorm:"index"`
	Title    string `gorm:"size:128"`
}

func openGorm(t *testing.T, n *testNode) *gorm.DB {
	t.Helper()
	if _, err := n.db(t, "").Exec("CREATE DATABASE library"); err != nil {
		t.Fatal(err)
	}
	dsn := fmt.Sprintf("root@tcp(127.0.0.1:%d)/library?parseTime=true", n.port)
	db, err := gorm.Open(gormmysql.Open(dsn), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AutoMigrate(&gormAuthor{}, &gormBook{}); err != nil {
		t.Fatalf("AutoMigrate: %v", err)
	}
	return db
}

// testGORM runs from TestEndToEnd against a real node.
func testGORM(t *testing.T, n *testNode) {
	db := openGorm(t, n)
	first := gormAuthor{Name: "ursula", Books: []gormBook{{Title: "The Dispossessed"}, {Title: "The Lathe of Heaven"}}}
	if err := db.Create(&first).Error; err != nil {
		t.Fatalf("Create: %v", err)
	}
	if first.ID == 0 || first.Books[0].ID == 0 || first.Books[1].ID == 0 || first.Books[0].ID == first.Books[1].ID {
		t.Fatalf("ids after Create: author %d, books %d %d", first.ID, first.Books[0].ID, first.Books[1].ID)
	}
	second := gormAuthor{Name: "octavia"}
	if err := db.Create(&second).Error; err != nil || second.ID <= first.ID {
		t.Fatalf("second Create: id %d after %d, err %v", second.ID, first.ID, err)
	}
	var got gormAuthor
	if err := db.Preload("Books").First(&got, first.ID).Error; err != nil {
		t.Fatalf("Preload: %v", err)
	}
	if got.Name != "ursula" || len(got.Books) != 2 || got.Books[0].AuthorID != first.ID || got.Books[0].ID != first.Books[0].ID {
		t.Fatalf("Preload got %+v", got)
	}
	gormRollback(t, db)
	gormUnique(t, db)
	gormUpsert(t, db, first.ID)
	gormNested(t, db)
}

// gormRollback: Transaction(func) that returns an error leaves nothing,
// though the statements inside it were answered with real ids.
func gormRollback(t *testing.T, db *gorm.DB) {
	var inside uint
	err := db.Transaction(func(tx *gorm.DB) error {
		a := gormAuthor{Name: "ghost", Books: []gormBook{{Title: "never"}}}
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		inside = a.ID
		var n int64
		tx.Model(&gormBook{}).Where("author_id = ?", a.ID).Count(&n)
		if n != 1 {
			return fmt.Errorf("own book not visible inside the transaction: %d", n)
		}
		return errors.New("changed my mind")
	})
	if err == nil || err.Error() != "changed my mind" || inside == 0 {
		t.Fatalf("Transaction: err %v, id inside %d", err, inside)
	}
	var n int64
	db.Model(&gormAuthor{}).Where("name = ?", "ghost").Count(&n)
	if n != 0 {
		t.Fatalf("rolled back author is stored (%d rows)", n)
	}
}

// gormNested: a Transaction inside a Transaction is a SAVEPOINT; the
// inner one's error rolls back only its own writes.
func gormNested(t *testing.T, db *gorm.DB) {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&gormAuthor{Name: "outer"}).Error; err != nil {
			return err
		}
		inner := tx.Transaction(func(tx2 *gorm.DB) error {
			if err := tx2.Create(&gormAuthor{Name: "inner"}).Error; err != nil {
				return err
			}
			return errors.New("inner gives up")
		})
		if inner == nil || inner.Error() != "inner gives up" {
			return fmt.Errorf("inner transaction: %v", inner)
		}
		return tx.Create(&gormAuthor{Name: "after"}).Error
	})
	if err != nil {
		t.Fatalf("nested Transaction: %v", err)
	}
	var names []string
	if err := db.Model(&gormAuthor{}).Where("name IN ?", []string{"outer", "inner", "after"}).Order("name").Pluck("name", &names).Error; err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(names) != "[after outer]" {
		t.Fatalf("stored after a nested rollback: %q, want [after outer]", names)
	}
}

func gormUnique(t *testing.T, db *gorm.DB) {
	err := db.Create(&gormAuthor{Name: "ursula"}).Error
	var me *gosql.MySQLError
	if !errors.As(err, &me) || me.Number != 1062 {
		t.Fatalf("duplicate name: %v, want 1062", err)
	}
}

func gormUpsert(t *testing.T, db *gorm.DB, id uint) {
	up := gormAuthor{Name: "ursula", Rank: 7}
	err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "name"}},
		DoUpdates: clause.AssignmentColumns([]string{"rank"})}).Create(&up).Error
	if err != nil {
		t.Fatalf("OnConflict: %v", err)
	}
	var all []gormAuthor
	db.Order("id").Find(&all)
	if len(all) != 2 || all[0].ID != id || all[0].Rank != 7 {
		t.Fatalf("after upsert %+v, want ursula (id %d) with rank 7 and octavia", all, id)
	}
}
