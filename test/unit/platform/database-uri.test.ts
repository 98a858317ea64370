import { expect } from 'chai';
import { uriWithDatabase, uriWithDefaultDatabase } from '../../../scripts/db/uri';

describe('database names in connection strings', () => {
  it('sets the database whether the URI has none, a trailing slash, a name or a query string', () => {
    expect(uriWithDatabase('mongodb://127.0.0.1:27017', 't1')).to.equal('mongodb://127.0.0.1:27017/t1');
    expect(uriWithDatabase('mongodb://127.0.0.1:27017/', 't1')).to.equal('mongodb://127.0.0.1:27017/t1');
    expect(uriWithDatabase('mongodb://127.0.0.1:27017/other', 't1')).to.equal('mongodb://127.0.0.1:27017/t1');
    expect(uriWithDatabase('mongodb://u:p%2Fw@h1:1,h2:2/?replicaSet=rs0&w=majority', 't1')).to.equal('mongodb://u:p%2Fw@h1:1,h2:2/t1?replicaSet=rs0&w=majority');
    expect(uriWithDatabase('mongodb+srv://cluster.example.org/app?retryWrites=true', 't1')).to.equal('mongodb+srv://cluster.example.org/t1?retryWrites=true');
  });

  it('keeps a database the URI names already, and adds the default otherwise', () => {
    expect(uriWithDefaultDatabase('mongodb://h:1/mine?x=1', 'skill')).to.equal('mongodb://h:1/mine?x=1');
    expect(uriWithDefaultDatabase('mongodb://h:1/?x=1', 'skill')).to.equal('mongodb://h:1/skill?x=1');
    expect(uriWithDefaultDatabase('mongodb://h:1', 'skill')).to.equal('mongodb://h:1/skill');
  });

  it('refuses what is not a MongoDB connection string, without echoing credentials', () => {
    expect(() => uriWithDatabase('postgres://u:secret@h/db', 'x')).to.throw(/not a MongoDB connection string/);
    expect(() => uriWithDatabase('mongodb:/h', 'x')).to.throw(/not a MongoDB/);
    try {
      uriWithDatabase('http://user:secret@h', 'x');
    } catch (error) {
      expect(String(error)).not.to.contain('secret');
    }
  });
});
