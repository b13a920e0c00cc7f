// The small part of PouchDB's API the benchmark uses (the package ships no types).
declare module 'pouchdb-browser' {
  export interface PouchDoc {
    _id: string;
    _rev?: string;
    [k: string]: unknown;
  }
  export interface AllDocsRow {
    id: string;
    key: string;
    value: { rev: string };
    doc?: PouchDoc;
    error?: string;
  }
  export interface AllDocsOptions {
    startkey?: string;
    endkey?: string;
    keys?: string[];
    limit?: number;
    include_docs?: boolean;
  }
  class PouchDB {
    constructor(name: string, options?: { auto_compaction?: boolean; revs_limit?: number });
    bulkDocs(docs: PouchDoc[]): Promise<Array<{ ok?: boolean; error?: string; id?: string }>>;
    allDocs(options?: AllDocsOptions): Promise<{ rows: AllDocsRow[]; total_rows: number }>;
    get(id: string): Promise<PouchDoc>;
    destroy(): Promise<void>;
    close(): Promise<void>;
  }
  export default PouchDB;
}
