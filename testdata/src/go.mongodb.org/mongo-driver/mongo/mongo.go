// Package mongo is a stub of go.mongodb.org/mongo-driver/mongo.
package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/mongo/options"
)

type Client struct{}

func Connect(ctx context.Context, opts ...*options.ClientOptions) (*Client, error) { return nil, nil }

func (c *Client) Database(name string) *Database { return nil }

type Database struct{}

func (db *Database) Collection(name string) *Collection { return nil }

type Collection struct{}

func (coll *Collection) FindOne(ctx context.Context, filter any) *SingleResult { return nil }

type SingleResult struct{}

func (sr *SingleResult) Decode(v any) error { return nil }

func IsDuplicateKeyError(err error) bool { return false }
