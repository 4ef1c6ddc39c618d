import { describe, expect, it } from 'vitest'
import { loadedScripts } from '@/scripts/lib/first-load-js'

describe('first-load JavaScript: the scripts a page loads', () => {
  it('counts every external script once and skips the nomodule polyfill modern browsers never load', () => {
    const html = [
      '<script src="/_next/static/chunks/a.js" async="" nonce="n"></script>',
      '<script src="/_next/static/chunks/b.js?v=1&amp;x=2" async=""></script>',
      '<script src="/_next/static/chunks/polyfill.js" noModule="" nonce="n"></script>',
      '<script nomodule src="/_next/static/chunks/legacy.js"></script>',
      '<script nonce="n" id="_R_">self.__next_f.push([1,"src=\\"x.js\\""])</script>',
      '<script src="/_next/static/chunks/a.js" async=""></script>',
      '<script type="application/ld+json" src="/data.json"></script>',
    ].join('')
    expect(loadedScripts(html)).toEqual(['/_next/static/chunks/a.js', '/_next/static/chunks/b.js?v=1&x=2'])
  })

  it('does not mistake an attribute value that mentions nomodule for the attribute', () => {
    expect(loadedScripts('<script src="/chunks/nomodule-helper.js" async=""></script>')).toEqual(['/chunks/nomodule-helper.js'])
  })
})
