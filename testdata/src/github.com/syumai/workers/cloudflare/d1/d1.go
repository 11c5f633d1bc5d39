// Package d1 is a stub of github.com/syumai/workers/cloudflare/d1.
package d1

import "database/sql/driver"

// OpenConnector returns the Connector of the D1 database bound as name.
func OpenConnector(name string) (driver.Connector, error) { return nil, nil }
