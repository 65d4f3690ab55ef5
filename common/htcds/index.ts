/** Public surface of the HTCDS 2.0 model shared by server and web. */
export * from './types';
export * from './value-sets';
export * from './extensions';
export * from './countries';
export * from './languages';
export * from './columns';
export * from './labels';
