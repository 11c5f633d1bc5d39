// Package sqlite is a stub of github.com/spinframework/spin-go-sdk/v2/sqlite.
package sqlite

import "database/sql"

// Open returns a database handle to the Spin SQLite database called name.
func Open(name string) *sql.DB { return nil }
