import { useId, useState } from 'react';
import { useT } from '../i18n/i18n';

interface FilePickerProps {
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  /** The chosen files, one or more (the same file may be chosen again: each choice is a new one). */
  onFiles: (files: File[]) => void;
  testId?: string;
}

/**
 * A file input in the user's language. The browser's own file input writes its button and its
 * "no file chosen" in the browser's language, not the page's (English on an Arabic page): here the
 * input is hidden but still reached with the keyboard, and a label styled as a button opens it,
 * with the names of the chosen files beside it.
 */
export function FilePicker({ accept, multiple = false, disabled = false, onFiles, testId }: FilePickerProps) {
  const t = useT();
  const id = useId();
  const [names, setNames] = useState<string[]>([]);
  return (
    <span className="file-picker">
      <input
        id={id}
        type="file"
        className="visually-hidden"
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length === 0) return;
          setNames(files.map((f) => f.name));
          onFiles(files);
        }}
      />
      <label htmlFor={id} className="button-link" aria-disabled={disabled || undefined}>{t(multiple ? 'common.choose_files' : 'common.choose_file')}</label>
      <span className="muted small" data-testid={testId ? `${testId}-chosen` : undefined}>
        {names.length > 0 ? names.join(', ') : t(multiple ? 'common.no_files_chosen' : 'common.no_file_chosen')}
      </span>
    </span>
  );
}
