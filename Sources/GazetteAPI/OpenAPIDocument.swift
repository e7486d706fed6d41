/// The OpenAPI 3.1 description of Gazette's HTTP API, served at `GET /openapi.json`.
///
/// It describes what the server sends: the contract in `API.md` plus the implementation's
/// details (media types with charset, problem+json errors, caching headers). Every GET is
/// also answered for HEAD; that and CORS preflight are described once, in `info.description`,
/// rather than per operation.
///
/// List items (`ArticleListItem`) declare no required keys, because `fields=` returns only
/// the named ones; the full forms (`ArticleSummary`, `Article`) require every key.
public enum OpenAPIDocument {
    /// The document as JSON text (UTF-8), complete and valid OpenAPI 3.1.
    public static let json: String = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Gazette",
            "version": "1.0.0",
            "summary": "A self-hosted news API.",
            "description": "Gazette serves news articles ingested from Hexo posts: lists with filters, full-text search and keyset pagination, categories, tags, authors, feeds and a change log for sync. Everything is UTF-8.\n\nEvery GET is also answered for HEAD (same headers, no body). CORS preflight OPTIONS requests are answered for the origins the configuration allows. Every 200 of a GET carries an ETag (If-None-Match gives 304); Accept-Encoding: gzip gives gzip for bodies over about 1 KB. Every error is application/problem+json (RFC 9457). Writes need Authorization: Bearer with the configured write token; with none configured they answer 403."
          },
          "servers": [
            {
              "url": "/"
            }
          ],
          "tags": [
            {
              "name": "Articles"
            },
            {
              "name": "Taxonomy",
              "description": "Categories, tags and authors."
            },
            {
              "name": "Feeds"
            },
            {
              "name": "Sync"
            },
            {
              "name": "Operations"
            }
          ],
          "paths": {
            "/v1/articles": {
              "get": {
                "operationId": "listArticles",
                "summary": "List article summaries, newest first, filtered",
                "tags": [
                  "Articles"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Category"
                  },
                  {
                    "$ref": "#/components/parameters/Tag"
                  },
                  {
                    "$ref": "#/components/parameters/Author"
                  },
                  {
                    "$ref": "#/components/parameters/Query"
                  },
                  {
                    "$ref": "#/components/parameters/Since"
                  },
                  {
                    "$ref": "#/components/parameters/Until"
                  },
                  {
                    "$ref": "#/components/parameters/Sort"
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  },
                  {
                    "$ref": "#/components/parameters/Offset"
                  },
                  {
                    "$ref": "#/components/parameters/Fields"
                  },
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page of summaries. The Link header gives the next page when there is one.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      },
                      "Link": {
                        "$ref": "#/components/headers/Link"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ArticleList"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              },
              "post": {
                "operationId": "createArticle",
                "summary": "Ingest one article",
                "tags": [
                  "Articles"
                ],
                "security": [
                  {
                    "bearerAuth": []
                  }
                ],
                "requestBody": {
                  "required": true,
                  "description": "The article: a Hexo post (YAML front matter, then the body) or JSON with the article's fields.",
                  "content": {
                    "text/markdown": {
                      "schema": {
                        "type": "string"
                      },
                      "example": "---\ntitle: 标题\ndate: 2021-07-28 10:50:17\ncategories: [金融, 新浪财经]\n---\n<p>正文</p>\n"
                    },
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ArticleInput"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created: the new article.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Last-Modified": {
                        "$ref": "#/components/headers/Last-Modified"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      },
                      "Location": {
                        "$ref": "#/components/headers/Location"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Article"
                        }
                      }
                    }
                  },
                  "200": {
                    "description": "The same content was already there: the existing article.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Last-Modified": {
                        "$ref": "#/components/headers/Last-Modified"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Article"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "413": {
                    "$ref": "#/components/responses/ContentTooLarge"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/articles/{idOrSlug}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/IdOrSlug"
                }
              ],
              "get": {
                "operationId": "getArticle",
                "summary": "Get one article",
                "tags": [
                  "Articles"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The full article.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      },
                      "Last-Modified": {
                        "$ref": "#/components/headers/Last-Modified"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Article"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              },
              "put": {
                "operationId": "putArticle",
                "summary": "Create or replace an article by slug",
                "tags": [
                  "Articles"
                ],
                "security": [
                  {
                    "bearerAuth": []
                  }
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Slug"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "description": "The article: a Hexo post (YAML front matter, then the body) or JSON with the article's fields.",
                  "content": {
                    "text/markdown": {
                      "schema": {
                        "type": "string"
                      },
                      "example": "---\ntitle: 标题\ndate: 2021-07-28 10:50:17\ncategories: [金融, 新浪财经]\n---\n<p>正文</p>\n"
                    },
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ArticleInput"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Created: the new article.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Last-Modified": {
                        "$ref": "#/components/headers/Last-Modified"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      },
                      "Location": {
                        "$ref": "#/components/headers/Location"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Article"
                        }
                      }
                    }
                  },
                  "200": {
                    "description": "Replaced: the article as it is now.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Last-Modified": {
                        "$ref": "#/components/headers/Last-Modified"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Article"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "413": {
                    "$ref": "#/components/responses/ContentTooLarge"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              },
              "delete": {
                "operationId": "deleteArticle",
                "summary": "Remove an article",
                "tags": [
                  "Articles"
                ],
                "security": [
                  {
                    "bearerAuth": []
                  }
                ],
                "responses": {
                  "204": {
                    "description": "Removed; reported as deleted by /v1/changes.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/articles/{idOrSlug}/body": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/IdOrSlug"
                }
              ],
              "get": {
                "operationId": "getArticleBody",
                "summary": "Get an article's body alone",
                "tags": [
                  "Articles"
                ],
                "parameters": [
                  {
                    "name": "format",
                    "in": "query",
                    "required": false,
                    "description": "Which form of the body.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "html",
                        "text",
                        "raw"
                      ],
                      "default": "html"
                    }
                  },
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "html: body_html as text/html; text: body_text as text/plain; raw: the post after its front matter, byte for byte, as text/plain.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      },
                      "Last-Modified": {
                        "$ref": "#/components/headers/Last-Modified"
                      }
                    },
                    "content": {
                      "text/html; charset=utf-8": {
                        "schema": {
                          "type": "string"
                        }
                      },
                      "text/plain; charset=utf-8": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/categories": {
              "get": {
                "operationId": "listCategories",
                "summary": "The category tree, or a flat list",
                "tags": [
                  "Taxonomy"
                ],
                "parameters": [
                  {
                    "name": "flat",
                    "in": "query",
                    "required": false,
                    "description": "true for a flat list with path, every path prefix listed.",
                    "schema": {
                      "type": "boolean",
                      "default": false
                    }
                  },
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The tree ({\"data\": [CategoryNode]}), or with flat=true every category without children.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "anyOf": [
                            {
                              "$ref": "#/components/schemas/CategoryTree"
                            },
                            {
                              "$ref": "#/components/schemas/FlatCategoryList"
                            }
                          ]
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/tags": {
              "get": {
                "operationId": "listTags",
                "summary": "Tags with their counts, most used first",
                "tags": [
                  "Taxonomy"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Tags.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/NameCountList"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/authors": {
              "get": {
                "operationId": "listAuthors",
                "summary": "Authors with their counts, most used first",
                "tags": [
                  "Taxonomy"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Authors.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/NameCountList"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/changes": {
              "get": {
                "operationId": "listChanges",
                "summary": "Articles created, updated or deleted since a token, oldest first",
                "tags": [
                  "Sync"
                ],
                "parameters": [
                  {
                    "name": "since",
                    "in": "query",
                    "required": false,
                    "description": "The meta.next of the previous call; omit it (or leave it empty) to start from the beginning. A string this server did not give out is a 400 naming since.",
                    "schema": {
                      "type": "string",
                      "pattern": "^[A-Za-z0-9_-]*$",
                      "maxLength": 64
                    }
                  },
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Changes after since; call again with meta.next.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ChangeList"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/feed.atom": {
              "get": {
                "operationId": "getAtomFeed",
                "summary": "Atom 1.0 feed",
                "description": "The newest 50 articles unless limit says otherwise (1–100); every filter of GET /v1/articles applies, and cursor/offset page through it (the next page is a rel=next link). Links are absolute: the base_url setting, else http:// and the request's Host (http://localhost when Host is missing or not a plain host name). Each entry has the article's sanitised body_html as content type=\"html\" (escaped); dates are RFC 3339, its title, dates, author, categories and tags, its thumbnail, and the absolute URL of /v1/articles/{id} as id and link. fields is accepted and does not change a feed.",
                "tags": [
                  "Feeds"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Category"
                  },
                  {
                    "$ref": "#/components/parameters/Tag"
                  },
                  {
                    "$ref": "#/components/parameters/Author"
                  },
                  {
                    "$ref": "#/components/parameters/Query"
                  },
                  {
                    "$ref": "#/components/parameters/Since"
                  },
                  {
                    "$ref": "#/components/parameters/Until"
                  },
                  {
                    "$ref": "#/components/parameters/Sort"
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  },
                  {
                    "$ref": "#/components/parameters/Offset"
                  },
                  {
                    "$ref": "#/components/parameters/Fields"
                  },
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The newest articles (the same filters as GET /v1/articles).",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/atom+xml; charset=utf-8": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/feed.rss": {
              "get": {
                "operationId": "getRSSFeed",
                "summary": "RSS 2.0 feed",
                "description": "The newest 50 articles unless limit says otherwise (1–100); every filter of GET /v1/articles applies, and cursor/offset page through it (the next page is a rel=next link (atom:link)). Links are absolute: the base_url setting, else http:// and the request's Host (http://localhost when Host is missing or not a plain host name). Each entry has the article's sanitised body_html as content:encoded (escaped), the excerpt as description; pubDate is RFC 822, the author dc:creator, its title, dates, author, categories and tags, its thumbnail, and the absolute URL of /v1/articles/{id} as id and link. fields is accepted and does not change a feed.",
                "tags": [
                  "Feeds"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Category"
                  },
                  {
                    "$ref": "#/components/parameters/Tag"
                  },
                  {
                    "$ref": "#/components/parameters/Author"
                  },
                  {
                    "$ref": "#/components/parameters/Query"
                  },
                  {
                    "$ref": "#/components/parameters/Since"
                  },
                  {
                    "$ref": "#/components/parameters/Until"
                  },
                  {
                    "$ref": "#/components/parameters/Sort"
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  },
                  {
                    "$ref": "#/components/parameters/Offset"
                  },
                  {
                    "$ref": "#/components/parameters/Fields"
                  },
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The newest articles (the same filters as GET /v1/articles).",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/rss+xml; charset=utf-8": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/v1/feed.json": {
              "get": {
                "operationId": "getJSONFeed",
                "summary": "JSON Feed 1.1",
                "description": "The newest 50 articles unless limit says otherwise (1–100); every filter of GET /v1/articles applies, and cursor/offset page through it (the next page is a rel=next link and next_url). Links are absolute: the base_url setting, else http:// and the request's Host (http://localhost when Host is missing or not a plain host name). Each entry has the article's sanitised body_html as content_html, the excerpt as summary; dates are RFC 3339, its title, dates, author, categories and tags, its thumbnail, and the absolute URL of /v1/articles/{id} as id and link. fields is accepted and does not change a feed.",
                "tags": [
                  "Feeds"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Category"
                  },
                  {
                    "$ref": "#/components/parameters/Tag"
                  },
                  {
                    "$ref": "#/components/parameters/Author"
                  },
                  {
                    "$ref": "#/components/parameters/Query"
                  },
                  {
                    "$ref": "#/components/parameters/Since"
                  },
                  {
                    "$ref": "#/components/parameters/Until"
                  },
                  {
                    "$ref": "#/components/parameters/Sort"
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/Cursor"
                  },
                  {
                    "$ref": "#/components/parameters/Offset"
                  },
                  {
                    "$ref": "#/components/parameters/Fields"
                  },
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The newest articles (the same filters as GET /v1/articles).",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/feed+json; charset=utf-8": {
                        "schema": {
                          "$ref": "#/components/schemas/JSONFeed"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/healthz": {
              "get": {
                "operationId": "getHealth",
                "summary": "Liveness",
                "tags": [
                  "Operations"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Alive.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Health"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/readyz": {
              "get": {
                "operationId": "getReadiness",
                "summary": "Readiness: database open and migrated",
                "tags": [
                  "Operations"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Ready.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Readiness"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/metrics": {
              "get": {
                "operationId": "getMetrics",
                "summary": "Prometheus metrics",
                "tags": [
                  "Operations"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Prometheus text exposition 0.0.4: requests by route and status, latency histogram, articles, connections.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "text/plain; version=0.0.4; charset=utf-8": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "getOpenAPIDocument",
                "summary": "This document",
                "tags": [
                  "Operations"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The OpenAPI 3.1 description of this API.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            },
            "/": {
              "get": {
                "operationId": "getReaderPage",
                "summary": "The built-in reader page",
                "description": "One HTML page with inline CSS and JavaScript, built into the binary, that uses only this API: the category tree, the newest articles with load more (cursor), search (q) and an article view (body_html). Its ETag is strong (a hash of the page); its Content-Security-Policy allows scripts and styles only by the hashes of the page's own inline code, connections only to this origin, and images from any http(s) origin (article images live on publishers' servers).",
                "tags": [
                  "Operations"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A small HTML page that reads this API (categories, list, search, article).",
                    "headers": {
                      "Content-Security-Policy": {
                        "description": "default-src 'self'; script-src and style-src the SHA-256 hashes of the inline script and style; img-src 'self' https: http: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'.",
                        "schema": {
                          "type": "string"
                        }
                      },
                      "Referrer-Policy": {
                        "description": "no-referrer.",
                        "schema": {
                          "type": "string"
                        }
                      },
                      "ETag": {
                        "$ref": "#/components/headers/ETag"
                      },
                      "Cache-Control": {
                        "$ref": "#/components/headers/Cache-Control"
                      },
                      "Vary": {
                        "$ref": "#/components/headers/Vary"
                      },
                      "Content-Encoding": {
                        "$ref": "#/components/headers/Content-Encoding"
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "X-Content-Type-Options": {
                        "$ref": "#/components/headers/X-Content-Type-Options"
                      }
                    },
                    "content": {
                      "text/html; charset=utf-8": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "304": {
                    "$ref": "#/components/responses/NotModified"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "default": {
                    "$ref": "#/components/responses/Error"
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "ArticleSummary": {
                "type": "object",
                "required": [
                  "id",
                  "slug",
                  "title",
                  "author",
                  "published_at",
                  "categories",
                  "category_paths",
                  "tags",
                  "thumbnail",
                  "excerpt",
                  "char_count",
                  "url"
                ],
                "properties": {
                  "id": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Stable numeric id; addresses the article like its slug."
                  },
                  "slug": {
                    "type": "string",
                    "description": "Stable, unique slug; percent-encoded in URLs."
                  },
                  "title": {
                    "type": "string"
                  },
                  "author": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The author, or null when unknown."
                  },
                  "published_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "RFC 3339 in UTC; null for an undated article."
                  },
                  "categories": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "The first category path, parent first; [] when none."
                  },
                  "category_paths": {
                    "type": "array",
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "description": "Every category path of the article, each parent first."
                  },
                  "tags": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "[] when none."
                  },
                  "thumbnail": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "URL of the article's first image, or null."
                  },
                  "excerpt": {
                    "type": "string",
                    "description": "At most 120 grapheme clusters of body_text, whitespace folded, with … appended when cut; \"\" for an empty body."
                  },
                  "char_count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Grapheme clusters of body_text, whitespace excluded."
                  },
                  "url": {
                    "type": "string",
                    "description": "The article's path in this API, /v1/articles/{id}."
                  }
                },
                "description": "An article without its body, as the list items are when no fields= is given. Every key is always present; unknown values are null.",
                "examples": [
                  {
                    "id": 1842,
                    "slug": "2021-07-28-jiangsu-yiqing",
                    "title": "江苏省委书记娄勤俭：把疫情防控首要任务抓紧抓实",
                    "author": "新浪财经",
                    "published_at": "2021-07-28T10:50:17Z",
                    "categories": [
                      "金融",
                      "新浪财经",
                      "新浪财经－国內"
                    ],
                    "category_paths": [
                      [
                        "金融",
                        "新浪财经",
                        "新浪财经－国內"
                      ]
                    ],
                    "tags": [],
                    "thumbnail": "https://n.sinaimg.cn/example.jpg",
                    "excerpt": "7月28日上午，江苏省委应对疫情工作领导小组召开会议，…",
                    "char_count": 1534,
                    "url": "/v1/articles/1842"
                  }
                ]
              },
              "ArticleListItem": {
                "type": "object",
                "properties": {
                  "id": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Stable numeric id; addresses the article like its slug."
                  },
                  "slug": {
                    "type": "string",
                    "description": "Stable, unique slug; percent-encoded in URLs."
                  },
                  "title": {
                    "type": "string"
                  },
                  "author": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The author, or null when unknown."
                  },
                  "published_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "RFC 3339 in UTC; null for an undated article."
                  },
                  "categories": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "The first category path, parent first; [] when none."
                  },
                  "category_paths": {
                    "type": "array",
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "description": "Every category path of the article, each parent first."
                  },
                  "tags": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "[] when none."
                  },
                  "thumbnail": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "URL of the article's first image, or null."
                  },
                  "excerpt": {
                    "type": "string",
                    "description": "At most 120 grapheme clusters of body_text, whitespace folded, with … appended when cut; \"\" for an empty body."
                  },
                  "char_count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Grapheme clusters of body_text, whitespace excluded."
                  },
                  "url": {
                    "type": "string",
                    "description": "The article's path in this API, /v1/articles/{id}."
                  },
                  "snippet": {
                    "type": "string",
                    "description": "Only in search results (q given): the matching text with matches marked <mark>…</mark>."
                  }
                },
                "description": "A list item: the ArticleSummary keys (all present without fields=; only the named ones with fields=), plus snippet when q is given. No key is required so that sparse fieldsets validate."
              },
              "Article": {
                "description": "The full article: the summary fields plus these. Every key is always present; unknown values are null.",
                "allOf": [
                  {
                    "$ref": "#/components/schemas/ArticleSummary"
                  },
                  {
                    "type": "object",
                    "required": [
                      "original_title",
                      "source",
                      "editor",
                      "headimg",
                      "images",
                      "body_html",
                      "body_text",
                      "content_hash",
                      "ingested_at",
                      "updated_at",
                      "extra"
                    ],
                    "properties": {
                      "original_title": {
                        "type": [
                          "string",
                          "null"
                        ],
                        "description": "The title the publisher's \"原标题\" line gave, or null."
                      },
                      "source": {
                        "type": [
                          "string",
                          "null"
                        ],
                        "description": "The publisher's \"来源\" line, or null."
                      },
                      "editor": {
                        "type": [
                          "string",
                          "null"
                        ],
                        "description": "The editor line, or null."
                      },
                      "headimg": {
                        "type": [
                          "string",
                          "null"
                        ],
                        "description": "The header image URL (front matter headimg, cover or banner), or null."
                      },
                      "images": {
                        "type": "array",
                        "items": {
                          "$ref": "#/components/schemas/ArticleImage"
                        },
                        "description": "[] when none."
                      },
                      "body_html": {
                        "type": "string",
                        "description": "Sanitised HTML, safe to insert with innerHTML; \"\" for an empty body."
                      },
                      "body_text": {
                        "type": "string",
                        "description": "Plain text, paragraphs separated by a blank line; \"\" for an empty body."
                      },
                      "content_hash": {
                        "type": "string",
                        "pattern": "^sha256:[0-9a-f]{64}$"
                      },
                      "ingested_at": {
                        "type": "string",
                        "format": "date-time"
                      },
                      "updated_at": {
                        "type": "string",
                        "format": "date-time"
                      },
                      "extra": {
                        "type": "object",
                        "additionalProperties": true,
                        "description": "Front-matter keys Gazette does not interpret, with their values as written."
                      }
                    }
                  }
                ]
              },
              "ArticleImage": {
                "type": "object",
                "required": [
                  "src",
                  "alt",
                  "caption"
                ],
                "properties": {
                  "src": {
                    "type": "string"
                  },
                  "alt": {
                    "type": "string"
                  },
                  "caption": {
                    "type": "string"
                  }
                },
                "description": "An image of the article body; alt and caption are \"\" when absent."
              },
              "ArticleList": {
                "type": "object",
                "required": [
                  "data",
                  "meta"
                ],
                "properties": {
                  "data": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ArticleListItem"
                    }
                  },
                  "meta": {
                    "$ref": "#/components/schemas/ListMeta"
                  }
                }
              },
              "ListMeta": {
                "type": "object",
                "required": [
                  "limit",
                  "next_cursor",
                  "total"
                ],
                "properties": {
                  "limit": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 100
                  },
                  "next_cursor": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The cursor of the next page; null on the last page."
                  },
                  "total": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "The exact count of matches."
                  }
                }
              },
              "ArticleInput": {
                "type": "object",
                "required": [
                  "title"
                ],
                "properties": {
                  "title": {
                    "type": "string",
                    "minLength": 1
                  },
                  "published_at": {
                    "type": ["string", "null"],
                    "description": "RFC 3339, RFC 2822, ISO 8601 or naive YYYY-MM-DD HH:MM:SS (read in the configured time zone)."
                  },
                  "categories": {
                    "type": ["array", "null"],
                    "items": {
                      "type": "string"
                    },
                    "description": "One category path, parent first."
                  },
                  "category_paths": {
                    "type": ["array", "null"],
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    },
                    "description": "Several category paths; use this or categories."
                  },
                  "tags": {
                    "type": ["array", "null"],
                    "items": {
                      "type": "string"
                    }
                  },
                  "author": {
                    "type": ["string", "null"]
                  },
                  "slug": {
                    "type": ["string", "null"],
                    "description": "Defaults to YYYY-MM-DD- plus the title; ignored by PUT, which takes the slug from the path."
                  },
                  "thumbnail": {
                    "type": ["string", "null"]
                  },
                  "headimg": {
                    "type": ["string", "null"]
                  },
                  "body_html": {
                    "type": ["string", "null"],
                    "description": "The body as HTML; use this or body_markdown."
                  },
                  "body_markdown": {
                    "type": ["string", "null"],
                    "description": "The body as Markdown; use this or body_html."
                  }
                },
                "description": "An article to ingest as JSON, with the article's own field names."
              },
              "CategoryNode": {
                "type": "object",
                "required": [
                  "name",
                  "path",
                  "count",
                  "latest_at",
                  "children"
                ],
                "properties": {
                  "name": {
                    "type": "string",
                    "description": "The last component of path."
                  },
                  "path": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "minItems": 1,
                    "description": "The full path, parent first."
                  },
                  "count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Articles in this category and all its descendants."
                  },
                  "latest_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "published_at of the newest article counted, or null."
                  },
                  "children": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/CategoryNode"
                    }
                  }
                },
                "examples": [
                  {
                    "name": "新浪财经－国內",
                    "path": [
                      "金融",
                      "新浪财经",
                      "新浪财经－国內"
                    ],
                    "count": 812,
                    "latest_at": "2021-07-28T10:50:17Z",
                    "children": []
                  }
                ]
              },
              "FlatCategory": {
                "type": "object",
                "required": [
                  "name",
                  "path",
                  "count",
                  "latest_at"
                ],
                "properties": {
                  "name": {
                    "type": "string",
                    "description": "The last component of path."
                  },
                  "path": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "minItems": 1,
                    "description": "The full path, parent first."
                  },
                  "count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Articles in this category and all its descendants."
                  },
                  "latest_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "published_at of the newest article counted, or null."
                  }
                },
                "description": "A category in the flat list: a CategoryNode without children."
              },
              "CategoryTree": {
                "type": "object",
                "required": [
                  "data"
                ],
                "properties": {
                  "data": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/CategoryNode"
                    }
                  }
                },
                "description": "The top-level categories, each with its descendants."
              },
              "FlatCategoryList": {
                "type": "object",
                "required": [
                  "data"
                ],
                "properties": {
                  "data": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/FlatCategory"
                    }
                  }
                },
                "description": "Every category, every path prefix listed once."
              },
              "NameCount": {
                "type": "object",
                "required": [
                  "name",
                  "count"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "count": {
                    "type": "integer",
                    "minimum": 0
                  }
                }
              },
              "NameCountList": {
                "type": "object",
                "required": [
                  "data"
                ],
                "properties": {
                  "data": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/NameCount"
                    }
                  }
                },
                "description": "Names with their article counts, most used first."
              },
              "Change": {
                "type": "object",
                "required": [
                  "id",
                  "slug",
                  "change",
                  "at"
                ],
                "properties": {
                  "id": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "slug": {
                    "type": "string"
                  },
                  "change": {
                    "type": "string",
                    "enum": [
                      "upserted",
                      "deleted"
                    ]
                  },
                  "at": {
                    "type": "string",
                    "format": "date-time"
                  }
                }
              },
              "ChangeList": {
                "type": "object",
                "required": [
                  "data",
                  "meta"
                ],
                "properties": {
                  "data": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Change"
                    }
                  },
                  "meta": {
                    "type": "object",
                    "required": [
                      "next"
                    ],
                    "properties": {
                      "next": {
                        "type": "string",
                        "description": "The since token for the next call."
                      }
                    }
                  }
                },
                "description": "Changes oldest first."
              },
              "JSONFeed": {
                "type": "object",
                "required": [
                  "version",
                  "title",
                  "home_page_url",
                  "feed_url",
                  "items"
                ],
                "properties": {
                  "version": {
                    "type": "string",
                    "const": "https://jsonfeed.org/version/1.1"
                  },
                  "title": {
                    "type": "string"
                  },
                  "home_page_url": {
                    "type": "string"
                  },
                  "feed_url": {
                    "type": "string"
                  },
                  "next_url": {
                    "type": "string",
                    "description": "The next page (absent on the last one)."
                  },
                  "description": {
                    "type": "string"
                  },
                  "items": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "id",
                        "url",
                        "title",
                        "content_html",
                        "date_modified"
                      ],
                      "properties": {
                        "id": {
                          "type": "string"
                        },
                        "url": {
                          "type": "string"
                        },
                        "title": {
                          "type": "string"
                        },
                        "content_html": {
                          "type": "string"
                        },
                        "summary": {
                          "type": "string"
                        },
                        "image": {
                          "type": "string"
                        },
                        "date_published": {
                          "type": "string",
                          "format": "date-time"
                        },
                        "date_modified": {
                          "type": "string",
                          "format": "date-time"
                        },
                        "authors": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "required": [
                              "name"
                            ],
                            "properties": {
                              "name": {
                                "type": "string"
                              }
                            }
                          }
                        },
                        "tags": {
                          "type": "array",
                          "items": {
                            "type": "string"
                          }
                        }
                      }
                    }
                  }
                },
                "description": "A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1)."
              },
              "Health": {
                "type": "object",
                "required": [
                  "status"
                ],
                "properties": {
                  "status": {
                    "type": "string",
                    "const": "ok"
                  }
                }
              },
              "Readiness": {
                "type": "object",
                "required": [
                  "status",
                  "articles",
                  "migrations",
                  "search_index"
                ],
                "properties": {
                  "status": {
                    "type": "string",
                    "const": "ready"
                  },
                  "articles": {
                    "type": "integer",
                    "minimum": 0
                  },
                  "migrations": {
                    "type": "string",
                    "const": "applied"
                  },
                  "search_index": {
                    "type": "string",
                    "const": "ready"
                  }
                }
              },
              "Problem": {
                "type": "object",
                "required": [
                  "type",
                  "title",
                  "status",
                  "detail"
                ],
                "properties": {
                  "type": {
                    "type": "string",
                    "const": "about:blank"
                  },
                  "title": {
                    "type": "string",
                    "description": "The status's reason phrase."
                  },
                  "status": {
                    "type": "integer",
                    "minimum": 400,
                    "maximum": 599
                  },
                  "detail": {
                    "type": "string",
                    "description": "What was wrong, for people."
                  },
                  "parameter": {
                    "type": "string",
                    "description": "The query parameter that was wrong, on a 400 for a bad parameter."
                  }
                },
                "description": "An RFC 9457 problem detail.",
                "examples": [
                  {
                    "type": "about:blank",
                    "title": "Not Found",
                    "status": 404,
                    "detail": "no article with id 99"
                  }
                ]
              }
            },
            "parameters": {
              "IdOrSlug": {
                "name": "idOrSlug",
                "in": "path",
                "required": true,
                "description": "An article id (all digits) or slug; all digits that match no id are tried as a slug.",
                "schema": {
                  "type": "string"
                }
              },
              "Slug": {
                "name": "idOrSlug",
                "in": "path",
                "required": true,
                "description": "The slug of the article to create or replace (always read as a slug).",
                "schema": {
                  "type": "string",
                  "minLength": 1
                }
              },
              "Category": {
                "name": "category",
                "in": "query",
                "required": false,
                "style": "form",
                "explode": true,
                "description": "Articles with this category anywhere on one of their paths, descendants included; a full path may be given joined by › or /. Repeat for OR.",
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              },
              "Tag": {
                "name": "tag",
                "in": "query",
                "required": false,
                "style": "form",
                "explode": true,
                "description": "Articles with exactly this tag. Repeat for OR.",
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              },
              "Author": {
                "name": "author",
                "in": "query",
                "required": false,
                "style": "form",
                "explode": true,
                "description": "Articles by exactly this author. Repeat for OR.",
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              },
              "Query": {
                "name": "q",
                "in": "query",
                "required": false,
                "description": "Full-text search over title and body text, any script, one character and up; adds snippet to each result.",
                "schema": {
                  "type": "string"
                }
              },
              "Since": {
                "name": "since",
                "in": "query",
                "required": false,
                "description": "Published at or after (inclusive): an RFC 3339 date-time or a date YYYY-MM-DD; empty means not given.",
                "schema": {
                  "anyOf": [
                    {
                      "type": "string",
                      "format": "date-time"
                    },
                    {
                      "type": "string",
                      "format": "date"
                    },
                    {
                      "type": "string",
                      "maxLength": 0
                    }
                  ]
                }
              },
              "Until": {
                "name": "until",
                "in": "query",
                "required": false,
                "description": "Published before (exclusive): an RFC 3339 date-time or a date YYYY-MM-DD; empty means not given.",
                "schema": {
                  "anyOf": [
                    {
                      "type": "string",
                      "format": "date-time"
                    },
                    {
                      "type": "string",
                      "format": "date"
                    },
                    {
                      "type": "string",
                      "maxLength": 0
                    }
                  ]
                }
              },
              "Sort": {
                "name": "sort",
                "in": "query",
                "required": false,
                "description": "-published_at (newest first) by default; relevance by default when q is given: BM25 (k1 1.2, b 0) with title matches weighted five times body matches, equal scores newest id first.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "-published_at",
                    "published_at",
                    "relevance"
                  ]
                }
              },
              "Limit": {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Page size; outside 1–100 is a 400, never clamped.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100,
                  "default": 20
                }
              },
              "Cursor": {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "Opaque keyset cursor from meta.next_cursor; stable while articles are added. A string this server did not give out is a 400 naming cursor.",
                "schema": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9_-]*$",
                  "maxLength": 128
                }
              },
              "Offset": {
                "name": "offset",
                "in": "query",
                "required": false,
                "description": "Rows to skip, for page-number frontends.",
                "schema": {
                  "type": "integer",
                  "minimum": 0,
                  "maximum": 10000,
                  "default": 0
                }
              },
              "Fields": {
                "name": "fields",
                "in": "query",
                "required": false,
                "description": "Sparse fieldset: a comma list of summary field names; only those keys appear in each list item.",
                "schema": {
                  "type": "string",
                  "pattern": "^$|^(id|slug|title|author|published_at|categories|category_paths|tags|thumbnail|excerpt|char_count|url)(,(id|slug|title|author|published_at|categories|category_paths|tags|thumbnail|excerpt|char_count|url))*$"
                },
                "example": "id,slug,title"
              },
              "IfNoneMatch": {
                "name": "If-None-Match",
                "in": "header",
                "required": false,
                "description": "An ETag from an earlier response; when it still matches the answer is 304 without a body.",
                "schema": {
                  "type": "string"
                }
              }
            },
            "headers": {
              "ETag": {
                "description": "Entity tag of the representation; send it back in If-None-Match.",
                "schema": {
                  "type": "string"
                }
              },
              "Cache-Control": {
                "description": "As the configuration sets it.",
                "schema": {
                  "type": "string"
                }
              },
              "Vary": {
                "description": "Accept-Encoding (and Origin when CORS is configured).",
                "schema": {
                  "type": "string"
                }
              },
              "X-Request-Id": {
                "description": "The client's X-Request-Id when it sent one of sane form, else one the server made.",
                "schema": {
                  "type": "string"
                }
              },
              "X-Content-Type-Options": {
                "description": "Always nosniff.",
                "schema": {
                  "type": "string",
                  "const": "nosniff"
                }
              },
              "Content-Encoding": {
                "description": "gzip when the client sent Accept-Encoding: gzip and the body is over about 1 KB.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "gzip"
                  ]
                }
              },
              "Last-Modified": {
                "description": "HTTP-date of the article's updated_at.",
                "schema": {
                  "type": "string"
                }
              },
              "Link": {
                "description": "The next page, when there is one: <…>; rel=\"next\".",
                "schema": {
                  "type": "string"
                },
                "example": "</v1/articles?cursor=eyJwIjoxfQ&limit=20>; rel=\"next\""
              },
              "Location": {
                "description": "The new article's URL, /v1/articles/{id}.",
                "schema": {
                  "type": "string"
                }
              },
              "WWW-Authenticate": {
                "description": "Bearer.",
                "schema": {
                  "type": "string"
                }
              },
              "Allow": {
                "description": "The methods the path answers.",
                "schema": {
                  "type": "string"
                }
              }
            },
            "responses": {
              "NotModified": {
                "description": "Not Modified: the If-None-Match ETag still matches; no body.",
                "headers": {
                  "ETag": {
                    "$ref": "#/components/headers/ETag"
                  },
                  "Cache-Control": {
                    "$ref": "#/components/headers/Cache-Control"
                  },
                  "Vary": {
                    "$ref": "#/components/headers/Vary"
                  },
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                }
              },
              "BadRequest": {
                "description": "Bad Request: a bad parameter (named in parameter) or a malformed request (the connection is then closed).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Unauthorized": {
                "description": "Unauthorized: the Authorization: Bearer token is missing or wrong.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  },
                  "WWW-Authenticate": {
                    "$ref": "#/components/headers/WWW-Authenticate"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Forbidden": {
                "description": "Forbidden: the server has no write token configured, so writes are off.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "NotFound": {
                "description": "Not Found: no article with this id or slug.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "ContentTooLarge": {
                "description": "Content Too Large: the body exceeds the configured limit (checked before authentication).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "UnsupportedMediaType": {
                "description": "Unsupported Media Type: the body is neither text/markdown nor application/json.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "UnprocessableContent": {
                "description": "Unprocessable Content: the article cannot be parsed; detail says why.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "ServiceUnavailable": {
                "description": "Service Unavailable: not ready (database not open or not migrated) or shutting down.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Error": {
                "description": "Any other error, as problem+json: 405 with Allow for a method the path does not answer, 408 request too slow to arrive, 414 URI too long, 431 headers too large, 501 unknown transfer coding, 503 shutting down, or a read that took longer than the server's query time limit (query_timeout_ms).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "X-Content-Type-Options": {
                    "$ref": "#/components/headers/X-Content-Type-Options"
                  },
                  "Allow": {
                    "$ref": "#/components/headers/Allow"
                  }
                },
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            },
            "securitySchemes": {
              "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "The write token (GAZETTE_WRITE_TOKEN), compared in constant time."
              }
            }
          }
        }
        """#
}
