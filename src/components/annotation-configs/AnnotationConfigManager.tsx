'use client';
import { forwardRef, useId, useState, type HTMLAttributes } from 'react';
import type { AnnotationConfig } from '../../core/model';
import { useAnnotationConfigs, useSaveAnnotationConfig } from '../../hooks/useAnnotationConfigs';
import { useAnnotationContext } from '../../provider/context';
import { formatMessage } from '../../provider/messages';
import { useMessages } from '../../provider/useMessages';
import { cn } from '../primitives/cn';
import { AnnotationConfigEditor } from './AnnotationConfigEditor';
import { annotationConfigMessages } from './messages';

export interface AnnotationConfigManagerProps extends HTMLAttributes<HTMLElement> {
  /** Called with each config the backend stored. */
  onSaved?: (config: AnnotationConfig) => void;
}

const buttonClass =
  'ak:inline-flex ak:cursor-pointer ak:items-center ak:rounded-ak ak:border ak:border-ak-border ak:bg-ak-bg ak:px-2.5 ak:py-1 ak:text-sm ak:text-ak-fg ak:hover:bg-ak-surface-hover ak:focus-visible:outline-2 ak:focus-visible:outline-ak-focus ak:disabled:cursor-not-allowed ak:disabled:opacity-60';

function describe(config: AnnotationConfig): string {
  switch (config.type) {
    case 'categorical':
      return config.values.map((value) => (value.score == null ? value.label : `${value.label} (${value.score})`)).join(', ');
    case 'continuous':
      return `${config.lowerBound ?? '−∞'} to ${config.upperBound ?? '∞'}`;
    case 'freeform':
      return 'text';
  }
}

/**
 * The project's annotation configs with an editor to create or change them. Read-only with the
 * reason when the adapter cannot save configs; a notice when it has no configs at all.
 */
export const AnnotationConfigManager = forwardRef<HTMLElement, AnnotationConfigManagerProps>(function AnnotationConfigManager(
  { onSaved, className, ...props },
  ref,
) {
  const { theme, capabilities } = useAnnotationContext('AnnotationConfigManager');
  const m = useMessages('annotationConfigs', annotationConfigMessages);
  const { configs, isLoading, error } = useAnnotationConfigs();
  const { isSupported: canSave } = useSaveAnnotationConfig();
  const [editing, setEditing] = useState<AnnotationConfig | 'new' | null>(null);
  const headingId = useId();
  return (
    <section
      ref={ref}
      aria-labelledby={headingId}
      data-slot="annotation-config-manager"
      data-ak-theme={theme}
      {...props}
      className={cn('ak:flex ak:flex-col ak:gap-3 ak:text-sm ak:text-ak-fg', className)}
    >
      <div className="ak:flex ak:items-center ak:justify-between ak:gap-2">
        <h2 id={headingId} className="ak:m-0 ak:text-base ak:font-semibold">
          {m.listTitle}
        </h2>
        {canSave && editing === null && (
          <button type="button" className={buttonClass} onClick={() => setEditing('new')}>
            {m.newConfig}
          </button>
        )}
      </div>
      {!capabilities.annotationConfigs ? (
        <p data-slot="annotation-config-reason" className="ak:m-0 ak:text-ak-muted">
          {m.unsupported}
        </p>
      ) : (
        <>
          {!canSave && (
            <p data-slot="annotation-config-reason" className="ak:m-0 ak:text-ak-muted">
              {m.unsupported}
            </p>
          )}
          {error && (
            <p role="alert" className="ak:m-0 ak:text-ak-negative">
              {error.message}
            </p>
          )}
          {!isLoading && configs.length === 0 && <p className="ak:m-0 ak:text-ak-muted">{m.noConfigs}</p>}
          <ul className="ak:m-0 ak:flex ak:list-none ak:flex-col ak:gap-1.5 ak:p-0" aria-label={m.listTitle}>
            {configs.map((config) => (
              <li
                key={config.id}
                data-slot="annotation-config-item"
                data-type={config.type}
                className="ak:flex ak:flex-wrap ak:items-center ak:gap-2 ak:rounded-ak ak:bg-ak-surface ak:px-2 ak:py-1.5"
              >
                <span className="ak:font-medium">{config.name}</span>
                <span className="ak:text-xs ak:text-ak-muted">{config.type}</span>
                <span className="ak:text-xs ak:text-ak-muted">{describe(config)}</span>
                {canSave && (
                  <button
                    type="button"
                    className={cn(buttonClass, 'ak:ml-auto')}
                    aria-label={formatMessage(m.edit, { name: config.name })}
                    onClick={() => setEditing(config)}
                  >
                    {formatMessage(m.edit, { name: '' }).trim()}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {editing !== null && (
        <AnnotationConfigEditor
          key={editing === 'new' ? 'new' : editing.id}
          config={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(config) => {
            setEditing(null);
            onSaved?.(config);
          }}
        />
      )}
    </section>
  );
});
